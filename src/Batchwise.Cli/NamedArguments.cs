namespace Batchwise.Cli;

/// <summary>The <c>EXPR NAME=VALUE ...</c> arguments of the expression commands, and their splitting.</summary>
internal static class NamedArguments
{
    /// <summary>The expression, the first positional argument of shape, eval and bench.</summary>
    public static Argument<string> Expression(string description) => new("expression") { Description = description };

    /// <summary>The inputs after the expression, each <c>NAME=VALUE</c>; the value's form is the command's.</summary>
    public static Argument<string[]> Inputs(string description) => new("inputs") { Description = description, Arity = ArgumentArity.ZeroOrMore };

    public static IReadOnlyList<(string Name, string Value)> Parse(IEnumerable<string> arguments)
    {
        var result = new List<(string, string)>();
        var seen = new HashSet<string>();
        foreach (string argument in arguments)
        {
            int equals = argument.IndexOf('=');
            if (equals <= 0)
            {
                throw new UsageException($"'{argument}' is not NAME=VALUE");
            }
            string name = argument[..equals].Trim();
            if (!seen.Add(name))
            {
                throw new UsageException($"'{name}' is given twice");
            }
            result.Add((name, argument[(equals + 1)..]));
        }
        return result;
    }
}
