using System.CommandLine.Help;

namespace Batchwise.Cli;

/// <summary>
/// The `batchwise` command line: a thin host that parses arguments, reads and writes files and
/// prints; every computation is a library call. Exit codes: 0 success, 1 a user error (bad
/// expression, shape error, unreadable or unsupported file, failed cases), 2 bad usage, 70 a bug in
/// Batchwise. Messages go to stderr, one line each (the stack trace of a bug only with
/// <c>BATCHWISE_TRACE=1</c>), results to stdout.
/// </summary>
internal static class CommandLine
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int Usage = 2;

    /// <summary>sysexits.h's EX_SOFTWARE: an internal error.</summary>
    public const int InternalError = 70;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // A plain command named for the tool, not RootCommand, whose name is the executable's
        // (Batchwise.Cli when run with dotnet); so it needs its own help and version options.
        var root = new Command("batchwise", "Batchwise: NumPy-syntax batched linear algebra for .NET. Evaluate, shape-check, time and verify expressions.")
        {
            ShapeCommand.Create(output),
            EvalCommand.Create(output),
            BenchCommand.Create(output),
            ConformanceCommand.Create(output),
            GenerateCommand.Create(output, error),
            new HelpOption(),
            new VersionOption(),
        };
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError parseError in parsed.Errors)
            {
                error.WriteLine($"batchwise: {parseError.Message}");
            }
            error.WriteLine("Run 'batchwise --help' for usage.");
            return Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            error.WriteLine($"batchwise: {e.Message}");
            return Usage;
        }
        catch (Exception e) when (IsUserError(e))
        {
            error.WriteLine($"batchwise: {e.Message}");
            return UserError;
        }
        catch (Exception e)
        {
            error.WriteLine($"batchwise: internal error, a bug in Batchwise (please report it with the command): {e.GetType().Name}: {OneLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("BATCHWISE_TRACE") == "1")
            {
                error.WriteLine(e);
            }
            return InternalError;
        }
    }

    /// <summary>
    /// Errors caused by what the user asked for, as opposed to bugs in Batchwise: the library's and the
    /// evaluator's errors, unreadable files, and inputs beyond what .NET can hold (NotSupportedException
    /// from the readers, OutOfMemoryException).
    /// </summary>
    private static bool IsUserError(Exception e) =>
        e is ExpressionSyntaxException or ExpressionException or ShapeCheckException or BatchwiseException
            or IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException
            or OutOfMemoryException or KeyNotFoundException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}

/// <summary>The arguments are malformed (exit code 2), as opposed to a valid request that fails.</summary>
internal sealed class UsageException(string message) : Exception(message);
