using Microsoft.ML;
using Microsoft.ML.Data;

namespace Segmentation.MLNet;

/// <summary>Moves feature matrices into ML.NET data views (a float vector column <c>Features</c> and a bool <c>Label</c>).</summary>
internal static class MLData
{
    public const string Features = "Features";
    public const string Label = "Label";

    public static IDataView ToDataView(MLContext ml, FeatureMatrix x, IReadOnlyList<bool>? outcome)
    {
        int d = x.ColumnCount;
        var rows = new InputRow[x.RowCount];
        for (int i = 0; i < rows.Length; i++)
        {
            ReadOnlySpan<double> source = x.Row(i);
            var features = new float[d];
            for (int j = 0; j < d; j++)
            {
                features[j] = (float)source[j];
            }

            rows[i] = new InputRow { Features = features, Label = outcome is not null && outcome[i] };
        }

        SchemaDefinition schema = SchemaDefinition.Create(typeof(InputRow));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>One row as ML.NET reads it.</summary>
    internal sealed class InputRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
