using System.Text;

namespace Grassroots.Workflows.Expressions;

/// <summary>
/// A string writer that refuses to grow past a number of characters: the template stops at the first write over the
/// limit (<see cref="LimitExceededException"/>), before the text is held in memory.
/// </summary>
internal sealed class BoundedWriter(int maxLength) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
{
    public override void Write(char value)
    {
        Reserve(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Reserve(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Reserve(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(string? value)
    {
        Reserve(value?.Length ?? 0);
        base.Write(value);
    }

    public override void Write(StringBuilder? value)
    {
        Reserve(value?.Length ?? 0);
        base.Write(value);
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(StringBuilder? value, CancellationToken cancellationToken = default)
    {
        Write(value);
        return Task.CompletedTask;
    }

    private void Reserve(int count)
    {
        if (GetStringBuilder().Length + count > maxLength)
        {
            throw new LimitExceededException();
        }
    }

    /// <summary>Thrown by a write that would pass the limit.</summary>
    public sealed class LimitExceededException : Exception
    {
        public LimitExceededException()
            : base("Template output limit exceeded.")
        {
        }
    }
}
