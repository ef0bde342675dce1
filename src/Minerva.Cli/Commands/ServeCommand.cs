using System.CommandLine;
using Minerva.App;
using Minerva.Web;

namespace Minerva.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)", DefaultValueFactory = _ => 0 };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535) r.AddError("--port must be between 0 and 65535");
        });
        var command = new Command("serve", "Serve the workbench UI and its JSON API on 127.0.0.1, for this workspace") { port };
        command.SetAction((parse, cancel) => Task.FromResult(CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            using var index = WorkspaceLocator.OpenIndex(workspace, terminal, cancel);
            using var workbench = new Workbench(workspace, index);
            var server = WebServer.Create(workbench, parse.GetValue(port));
            try
            {
                try
                {
                    server.StartAsync(cancel).GetAwaiter().GetResult();
                }
                catch (IOException e)
                {
                    terminal.Error($"cannot listen on 127.0.0.1:{parse.GetValue(port)}: {e.Message} (choose another --port, or leave it out for a free one)");
                    return ExitCodes.Usage;
                }
                terminal.OutWriter.WriteLine($"Minerva is serving {workspace.Location} at {server.Address} (this computer only).");
                terminal.OutWriter.WriteLine($"Open this link in a browser; it works once and logs that browser in:\n  {server.LoginLink}");
                terminal.OutWriter.WriteLine("Press Ctrl+C to stop.");
                terminal.OutWriter.Flush();
                server.RunAsync(cancel).GetAwaiter().GetResult();
                return ExitCodes.Ok;
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        })));
        return command;
    }
}
