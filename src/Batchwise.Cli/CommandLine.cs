namespace Batchwise.Cli;

/// <summary>The `batchwise` command line (commands are added in CommandLine.*.cs).</summary>
internal static partial class CommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        error.WriteLine("batchwise: no command given");
        return args.Length == 0 ? 2 : 2;
    }
}
