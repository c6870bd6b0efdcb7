using System.Globalization;
using Segmentation.Options;

namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// Agglomerative hierarchical clustering with SciPy's results (merge heights, merge order, <c>fcluster</c> cuts) in
/// memory that grows with n·d wherever the linkage allows.
/// </summary>
/// <remarks>
/// <para>Algorithms (Müllner, "Modern hierarchical, agglomerative clustering algorithms", 2011): Prim's minimum
/// spanning tree for single linkage; the nearest-neighbour chain for ward, complete, average and weighted; the
/// generic algorithm with nearest-neighbour caching for centroid and median. Single, ward, centroid and median run
/// from the points and centroids in O(n·d) memory by default; complete, average and weighted need the condensed
/// distance matrix, built only when <see cref="HierarchicalOptions.MemoryBudgetBytes"/> allows.</para>
/// <para>Ties: every algorithm resolves them as SciPy 1.10 does (the lowest index wins a nearest-neighbour search,
/// the previous chain element wins within a chain, merges of equal height keep the order they were made in).</para>
/// <para>Row weights act as cluster sizes: ward and centroid use weighted centroids, average a weighted mean.</para>
/// <para>Thread-safe: <see cref="Fit"/> may run concurrently; the options are copied at construction.</para>
/// </remarks>
internal sealed class HierarchicalClusterer : IClusterer<HierarchicalModel>
{
    /// <summary>The name under which the algorithm is known to the CLI and to DI.</summary>
    public const string AlgorithmName = "hierarchical";

    /// <summary>Per-row bookkeeping of the O(n·d) methods besides the coordinates (sizes, ids, one distance row, ...).</summary>
    private const long VectorBytesPerRow = 64;

    private readonly HierarchicalOptions _options;

    /// <summary>Creates a clusterer with the given options.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public HierarchicalClusterer(HierarchicalOptions options)
    {
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
        _options = options.Clone();
    }

    /// <summary>Creates a clusterer with the given linkage and number of clusters.</summary>
    public HierarchicalClusterer(Linkage linkage, int k)
        : this(new HierarchicalOptions { Linkage = linkage, K = k })
    {
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <summary>A copy of the options this clusterer uses.</summary>
    public HierarchicalOptions Options => _options.Clone();

    /// <inheritdoc />
    IClusterModel IClusterer.Fit(FeatureMatrix data, CancellationToken cancellationToken) => Fit(data, cancellationToken);

    /// <summary>Builds the dendrogram, cuts it as the options say, and returns the typed model.</summary>
    /// <exception cref="ArgumentException">
    /// No rows, a non-finite value, a non-positive row weight, more clusters than rows, or a memory budget too small for
    /// the method (the message names the option or row).
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public HierarchicalModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(data);
        HierarchicalMethod method = ChooseMethod(_options, data.RowCount, data.ColumnCount);
        int degree = _options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : _options.MaxDegreeOfParallelism;
        var run = new LinkageRun(_options.Progress, degree, cancellationToken);
        Linkage linkage = _options.Linkage;

        DendrogramMerge[] merges = (linkage, method) switch
        {
            (Linkage.Single, _) => SingleLinkageTree.Run(data, run).SortAndLabel(),
            (Linkage.Ward, HierarchicalMethod.Vector) => WardVectorChain.Run(data, run).SortAndLabel(),
            (Linkage.Centroid or Linkage.Median, HierarchicalMethod.Vector) => GenericVectorLinkage.Run(data, linkage == Linkage.Median, run).AsRecorded(),
            (Linkage.Centroid or Linkage.Median, _) => MatrixLinkage.Generic(data, linkage, run).AsRecorded(),
            _ => MatrixLinkage.NearestNeighborChain(data, linkage, run).SortAndLabel(),
        };
        run.Report(1, 1);

        var dendrogram = new Dendrogram(data.RowCount, linkage, merges);
        return HierarchicalModel.Create(data, dendrogram, method, _options.K, _options.DistanceThreshold);
    }

    /// <summary>
    /// The method a fit of <paramref name="rows"/> × <paramref name="columns"/> would use with these options.
    /// </summary>
    /// <exception cref="ArgumentException">The method cannot run within the memory budget, or not for this linkage.</exception>
    internal HierarchicalMethod ChooseMethod(int rows, int columns) => ChooseMethod(_options, rows, columns);

    private static HierarchicalMethod ChooseMethod(HierarchicalOptions options, int rows, int columns)
    {
        Linkage linkage = options.Linkage;
        string name = linkage.ToString().ToLowerInvariant();
        long budget = options.MemoryBudgetBytes;
        long vectorBytes = (long)rows * ((8L * columns) + VectorBytesPerRow);
        long matrixBytes = CondensedDistances.ByteCount(rows) + vectorBytes;
        bool needsMatrix = linkage is Linkage.Complete or Linkage.Average or Linkage.Weighted;
        HierarchicalMethod method = options.Method;

        if (linkage == Linkage.Single)
        {
            method = HierarchicalMethod.Vector;
        }
        else if (needsMatrix && method == HierarchicalMethod.Vector)
        {
            throw new ArgumentException(
                $"HierarchicalOptions.Method is Vector, but {name} linkage has no O(n·d) method; use Auto or Matrix (it needs the distance matrix), or ward/centroid/median/single linkage.");
        }
        else if (method == HierarchicalMethod.Auto)
        {
            // Measured per register width (docs/performance.md, "Auto"): at 5,000 × 16 the centroid scans beat the
            // matrix 3-8× for ward and centroid on AVX-512, AVX2 and Vector128 alike; at 1,000 rows the two are
            // within the noise. So the matrix is only built where the linkage cannot do without it.
            method = needsMatrix ? HierarchicalMethod.Matrix : HierarchicalMethod.Vector;
        }

        long needed = method == HierarchicalMethod.Matrix ? matrixBytes : vectorBytes;
        if (needed > budget)
        {
            string what = method == HierarchicalMethod.Matrix
                ? $"the condensed distance matrix of {rows} rows"
                : $"the O(n·d) {name} linkage of {rows} rows x {columns} columns";
            string hint = method == HierarchicalMethod.Matrix && !needsMatrix ? " or use Method Vector" : needsMatrix ? " or use ward/centroid/median/single linkage, which run in O(n·d)" : string.Empty;
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"HierarchicalOptions.MemoryBudgetBytes ({budget}) is too small for {what}, which needs {needed} bytes; raise the budget{hint}."));
        }

        return method;
    }

    private void Validate(FeatureMatrix data)
    {
        if (data.RowCount == 0)
        {
            throw new ArgumentException("Hierarchical clustering needs at least one row, but the data has none.", nameof(data));
        }

        if (data.ColumnCount == 0)
        {
            throw new ArgumentException("Hierarchical clustering needs at least one feature column, but the data has none.", nameof(data));
        }

        data.EnsureFinite("Hierarchical clustering");
        for (int i = 0; i < data.RowCount; i++)
        {
            if (!(data.Weight(i) > 0))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Hierarchical clustering needs positive row weights, but row {i} has weight {data.Weight(i)}; remove the row or give it a weight."),
                    nameof(data));
            }
        }

        if (_options.K is int k && k > data.RowCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"HierarchicalOptions.K is {k}, but the data has only {data.RowCount} rows; choose K <= {data.RowCount}."),
                nameof(data));
        }

        if (_options.K is null && _options.DistanceThreshold is null && data.RowCount < HierarchicalOptions.DefaultK)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"HierarchicalOptions.K defaults to {HierarchicalOptions.DefaultK}, but the data has only {data.RowCount} rows; set K <= {data.RowCount}."),
                nameof(data));
        }
    }
}
