using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Segmentation.Features.History;

public sealed partial class ActivityHistory
{
    /// <summary>
    /// Folds events into buckets. The calling thread reads the stream, drops events after the as-of day, numbers the
    /// metrics and deals events out by customer to one shard per core. Each customer lives in exactly one shard, which
    /// sees that customer's events in stream order, so the sums are the same bits whatever the number of shards.
    /// </summary>
    internal sealed class Builder : IDisposable
    {
        private const int BatchSize = 8192;

        private readonly DateOnly _asOf;
        private readonly int _asOfDay;
        private readonly int _days;
        private readonly bool _countEvents;
        private readonly Dictionary<string, int> _metricIds = new(StringComparer.Ordinal);
        private readonly Shard[] _shards;
        private readonly Batch?[] _open;
        private readonly BlockingCollection<Batch>[]? _queues;
        private readonly Task[]? _workers;
        private long _read;
        private long _future;
        private string? _lastMetric;
        private int _lastMetricId;
        private bool _stopped;

        public Builder(DateOnly asOf, int days, bool countEvents, int? shards = null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 3660);
            _asOf = asOf;
            _asOfDay = asOf.DayNumber;
            _days = days;
            _countEvents = countEvents;
            int count = Math.Clamp(shards ?? Environment.ProcessorCount, 1, 64);
            _shards = [.. Enumerable.Range(0, count).Select(_ => new Shard(days, countEvents))];
            _open = new Batch?[count];
            if (count > 1)
            {
                _queues = [.. Enumerable.Range(0, count).Select(_ => new BlockingCollection<Batch>(boundedCapacity: 4))];
                _workers = [.. Enumerable.Range(0, count).Select(s => Task.Factory.StartNew(
                    () =>
                    {
                        foreach (Batch batch in _queues[s].GetConsumingEnumerable())
                        {
                            for (int e = 0; e < batch.Count; e++)
                            {
                                _shards[s].Add(batch.Ids[e], batch.Ages[e], batch.Metrics[e], batch.Values[e]);
                            }
                        }
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default))];
            }
        }

        public void Add(string customerId, DateTime timestamp, string? metric, double value)
        {
            _read++;
            int age = _asOfDay - DateOnly.FromDateTime(timestamp).DayNumber;
            if (age < 0)
            {
                _future++;
                return; // after the as-of day: never stored
            }

            if (string.IsNullOrEmpty(customerId))
            {
                Stop();
                throw new ArgumentException($"Event {_read} has an empty customer id.", nameof(customerId));
            }

            if (!double.IsFinite(value))
            {
                Stop();
                throw new ArgumentException($"Event {_read} (customer '{customerId}') has the value {value}; values must be finite.", nameof(value));
            }

            int metricId = -1;
            if (metric is not null)
            {
                // Metric names repeat: remember the last one to skip hashing.
                if (ReferenceEquals(metric, _lastMetric) || string.Equals(metric, _lastMetric, StringComparison.Ordinal))
                {
                    metricId = _lastMetricId;
                }
                else
                {
                    ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_metricIds, metric, out bool known);
                    if (!known)
                    {
                        slot = _metricIds.Count - 1;
                    }

                    metricId = slot;
                    _lastMetric = metric;
                    _lastMetricId = metricId;
                }
            }

            if (_queues is null)
            {
                _shards[0].Add(customerId, age, metricId, value);
                return;
            }

            int shard = (int)((uint)customerId.GetHashCode(StringComparison.Ordinal) % (uint)_shards.Length);
            Batch batch = _open[shard] ??= new Batch();
            batch.Ids[batch.Count] = customerId;
            batch.Ages[batch.Count] = age;
            batch.Metrics[batch.Count] = metricId;
            batch.Values[batch.Count] = value;
            if (++batch.Count == BatchSize)
            {
                _queues[shard].Add(batch);
                _open[shard] = null;
            }
        }

        public ActivityHistory Build()
        {
            if (_queues is not null)
            {
                for (int s = 0; s < _queues.Length; s++)
                {
                    if (_open[s] is Batch batch)
                    {
                        _queues[s].Add(batch);
                        _open[s] = null;
                    }
                }

                Stop();
            }

            var metrics = new string[_metricIds.Count];
            foreach ((string name, int id) in _metricIds)
            {
                metrics[id] = name;
            }

            var customers = new Dictionary<string, Activity>(_shards.Sum(s => s.Customers.Count), StringComparer.Ordinal);
            foreach (Shard shard in _shards)
            {
                foreach ((string id, Activity activity) in shard.Customers)
                {
                    customers.Add(id, activity);
                }
            }

            return new ActivityHistory(_asOf, _days, customers, metrics, _read, _future);
        }

        /// <summary>Stops the workers (a reader that failed half-way must not leave them waiting).</summary>
        public void Dispose() => Stop();

        /// <summary>Lets the workers finish what they were given and waits for them.</summary>
        private void Stop()
        {
            if (_queues is null || _workers is null || _stopped)
            {
                return;
            }

            _stopped = true;
            foreach (BlockingCollection<Batch> queue in _queues)
            {
                queue.CompleteAdding();
            }

            Task.WaitAll(_workers);
            foreach (BlockingCollection<Batch> queue in _queues)
            {
                queue.Dispose();
            }
        }

        private sealed class Batch
        {
            public string[] Ids { get; } = new string[BatchSize];

            public int[] Ages { get; } = new int[BatchSize];

            public int[] Metrics { get; } = new int[BatchSize];

            public double[] Values { get; } = new double[BatchSize];

            public int Count { get; set; }
        }

        /// <summary>The customers of one shard; touched by one thread only.</summary>
        private sealed class Shard(int days, bool countEvents)
        {
            private string? _lastCustomer;
            private Activity? _lastActivity;

            public Dictionary<string, Activity> Customers { get; } = new(StringComparer.Ordinal);

            public void Add(string customerId, int age, int metricId, double value)
            {
                // Exports are usually grouped by customer: remember the last one to skip hashing.
                Activity activity;
                if (_lastActivity is not null && (ReferenceEquals(customerId, _lastCustomer) || string.Equals(customerId, _lastCustomer, StringComparison.Ordinal)))
                {
                    activity = _lastActivity;
                }
                else
                {
                    ref Activity? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Customers, customerId, out _);
                    slot ??= new Activity(days, countEvents);
                    activity = slot;
                    _lastCustomer = customerId;
                    _lastActivity = activity;
                }

                activity.DaysSinceLast = Math.Min(activity.DaysSinceLast, age);
                if (age < days)
                {
                    activity.Sums[age] += value;
                    if (activity.Counts is int[] counts)
                    {
                        counts[age]++;
                    }
                }

                if (metricId >= 0)
                {
                    int[] lastUse = activity.MetricLastUse ??= new int[Math.Max(8, metricId + 1)];
                    if (metricId >= lastUse.Length)
                    {
                        lastUse = new int[Math.Max(metricId + 1, lastUse.Length * 2)];
                        activity.MetricLastUse.CopyTo(lastUse, 0);
                        activity.MetricLastUse = lastUse;
                    }

                    int stored = lastUse[metricId];
                    if (stored == 0 || age + 1 < stored)
                    {
                        lastUse[metricId] = age + 1;
                    }
                }
            }
        }
    }
}
