using System.CommandLine;
using System.Net;
using Minerva.Storage.Postgres;
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
        var team = new Option<bool>("--team") { Description = "Serve the team database to many users, who log in with their accounts (see 'minerva team')" };
        var database = TeamCommand.DatabaseOption("the application's role (minerva_app)");
        var listen = new Option<string>("--listen")
        {
            Description = "With --team: the address and port to listen on (put TLS in front of anything but loopback)",
            DefaultValueFactory = _ => "127.0.0.1:8480",
        };
        var data = new Option<string?>("--data") { Description = "With --team: the folder of the tenants' search indexes (default ~/.local/share/minerva/team)" };
        var command = new Command("serve", "Serve the workbench UI and its JSON API on 127.0.0.1, for this workspace; or, with --team, the team database")
        {
            port, team, database, listen, data,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CliApp.Guard(terminal, () =>
        {
            if (parse.GetValue(team)) return ServeTeam(terminal, parse, database, listen, data, cancel);
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            using var index = WorkspaceLocator.OpenIndex(workspace, terminal, cancel);
            using var workbench = new Workbench(workspace, index);
            return Serve(terminal, WebServer.Create(workbench, parse.GetValue(port)),
                $"127.0.0.1:{parse.GetValue(port)}", "choose another --port, or leave it out for a free one", server =>
                [
                    $"Minerva is serving {workspace.Location} at {server.Address} (this computer only).",
                    $"Open this link in a browser; it works once and logs that browser in:\n  {server.LoginLink}",
                ], cancel);
        })));
        return command;
    }

    private static int ServeTeam(Terminal terminal, ParseResult parse, Option<string?> database, Option<string> listen, Option<string?> data, CancellationToken cancel)
    {
        var connection = TeamCommand.Database(parse, database)
            ?? throw new BadRequestException("give the team database: --database \"Host=…;Database=…;Username=minerva_app\" or MINERVA_DATABASE");
        if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint) || endpoint.Port == 0)
            throw new BadRequestException($"--listen takes an address and a port (127.0.0.1:8480), not '{parse.GetValue(listen)}'");
        var folder = Path.GetFullPath(parse.GetValue(data) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "minerva", "team"));
        Directory.CreateDirectory(folder);
        using var store = TeamStore.Connect(connection);
        var site = new TeamSite(store.Accounts, t => store.Tenant(t).Accounts, t => store.Tenant(t).Workspace(), folder);
        if (!IPAddress.IsLoopback(endpoint.Address))
            terminal.Warning($"{endpoint} is reachable from other machines: serve it behind TLS (a reverse proxy), or passwords and cookies cross the network readable");
        return Serve(terminal, WebServer.CreateTeam(site, endpoint), endpoint.ToString(), "choose another --listen", server =>
        [
            $"Minerva's team server is serving the team database at {TeamDatabase.Where(connection)} at {server.Address}.",
            $"Users log in at {new Uri(server.Address, "login")}; search indexes are kept in {folder}.",
        ], cancel);
    }

    /// <summary>Starts <paramref name="server"/>, says where it is, and serves until Ctrl+C.</summary>
    private static int Serve(Terminal terminal, WebServer server, string where, string hint, Func<WebServer, IReadOnlyList<string>> lines, CancellationToken cancel)
    {
        try
        {
            try
            {
                server.StartAsync(cancel).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                terminal.Error($"cannot listen on {where}: {e.Message} ({hint})");
                return ExitCodes.Usage;
            }
            foreach (var line in lines(server)) terminal.OutWriter.WriteLine(line);
            terminal.OutWriter.WriteLine("Press Ctrl+C to stop.");
            terminal.OutWriter.Flush();
            server.RunAsync(cancel).GetAwaiter().GetResult();
            return ExitCodes.Ok;
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
