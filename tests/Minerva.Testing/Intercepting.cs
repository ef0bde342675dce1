using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Minerva.Testing;

/// <summary>
/// Wraps an interface so a test can act around one of its calls (cut the server's connections as a batch commits, change
/// an argument) and pass every other call through untouched, without a hand-written class forwarding fifty members.
/// </summary>
public static class Intercepting
{
    /// <summary>A proxy for <paramref name="target"/> that runs <paramref name="around"/> for every call.</summary>
    public static T Wrap<T>(T target, Func<MethodInfo, Invocation, object?> around) where T : class
    {
        var proxy = DispatchProxy.Create<T, Proxy>();
        ((Proxy)(object)proxy).Set(target, around);
        return proxy;
    }

    /// <summary>One call: its arguments (which the test may replace) and the way on to the wrapped object.</summary>
    public sealed class Invocation(object target, MethodInfo method, object?[]? arguments)
    {
        /// <summary>The call's arguments.</summary>
        public object?[]? Arguments { get; } = arguments;

        /// <summary>Makes the call on the wrapped object; its exception comes out as itself, not wrapped by reflection.</summary>
        public object? Proceed()
        {
            try
            {
                return method.Invoke(target, Arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }

    /// <summary>Not sealed: <see cref="DispatchProxy"/> makes its proxy type by deriving from it.</summary>
    public class Proxy : DispatchProxy
    {
        private object? _target;
        private Func<MethodInfo, Invocation, object?>? _around;

        internal void Set(object target, Func<MethodInfo, Invocation, object?> around) => (_target, _around) = (target, around);

        /// <inheritdoc/>
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            _around!(targetMethod!, new Invocation(_target!, targetMethod!, args));
    }
}
