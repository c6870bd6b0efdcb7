namespace Segmentation.Reporting;

/// <summary>The charts of the report, each of which a host app can render alone (<see cref="SegmentationReport.RenderChartPng"/>).</summary>
public enum ReportChart
{
    /// <summary>Customers projected to 2-D (principal components of the model space), coloured by segment, centroids labelled.</summary>
    SegmentMap,

    /// <summary>Customers per segment.</summary>
    SegmentSizes,

    /// <summary>ARR (the value feature) per segment.</summary>
    SegmentValue,

    /// <summary>Outcome rate and mean scores (churn, expansion) per segment, with the population's marked.</summary>
    SegmentRates,

    /// <summary>Heat map of each feature's deviation (z) by segment.</summary>
    Deviations,

    /// <summary>The evidence for each candidate k (silhouette, Calinski-Harabasz, Davies-Bouldin, elbow, stability), the chosen k marked.</summary>
    KSelection,

    /// <summary>The spread of the churn-risk score in each segment (box plots).</summary>
    RiskBySegment,

    /// <summary>Worklist rows planned and over capacity per owner role.</summary>
    Capacity,

    /// <summary>Customers from each segment (rows) to each segment (columns) since the previous snapshot.</summary>
    MovementCustomers,

    /// <summary>ARR from each segment (rows) to each segment (columns) since the previous snapshot.</summary>
    MovementValue,

    /// <summary>The top merges of a hierarchical clustering.</summary>
    Dendrogram,
}
