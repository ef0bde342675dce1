using Minerva.Cli;

return CliApp.Run(args, Terminal.ForConsole());
