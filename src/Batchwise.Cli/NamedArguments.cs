namespace Batchwise.Cli;

/// <summary>Splits <c>NAME=VALUE</c> arguments.</summary>
internal static class NamedArguments
{
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
