// The namespaces most of the tool's commands use, imported once for the whole project.
global using System.CommandLine;
global using Batchwise.Expressions;
