namespace Minerva.Vips;

/// <summary>
/// Stops decodes that run past their deadline by setting libvips' kill flag on the image being evaluated. It
/// runs on a thread of its own: a thread-pool timer fires late exactly when ingest keeps every pool thread busy
/// decoding, which is when a hostile file most needs stopping.
/// </summary>
internal static class Watchdog
{
    private static readonly Lock Gate = new();
    private static readonly List<Watch> Watches = [];
    private static readonly AutoResetEvent Changed = new(false);
    private static Thread? _thread;

    /// <summary>One watched evaluation; <see cref="Killed"/> says whether its deadline passed.</summary>
    public sealed class Watch(IntPtr image, long deadline)
    {
        internal IntPtr Image { get; } = image;
        internal long Deadline { get; } = deadline;
        /// <summary>True once the kill flag was set.</summary>
        public bool Killed { get; internal set; }
    }

    /// <summary>Watches <paramref name="image"/> until <see cref="Stop"/>; kills its evaluation after <paramref name="timeout"/>.</summary>
    public static Watch Start(IntPtr image, TimeSpan timeout)
    {
        var watch = new Watch(image, Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds));
        lock (Gate)
        {
            Watches.Add(watch);
            _thread ??= StartThread();
        }
        Changed.Set();
        return watch;
    }

    /// <summary>Stops watching; after this returns the watchdog never touches the image again.</summary>
    public static void Stop(Watch watch)
    {
        lock (Gate) Watches.Remove(watch);
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "libvips watchdog" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        while (true)
        {
            long wait;
            lock (Gate)
            {
                var now = Environment.TickCount64;
                foreach (var late in Watches.Where(w => w.Deadline <= now).ToList())
                {
                    Native.ImageSetKill(late.Image, true);
                    late.Killed = true;
                    Watches.Remove(late);
                }
                wait = Watches.Count == 0 ? Timeout.Infinite : Math.Max(1, Watches.Min(w => w.Deadline) - now);
            }
            Changed.WaitOne((int)Math.Min(wait, int.MaxValue));
        }
    }
}
