namespace Bot.Answering.Scoring;

/// <summary>A logistic regression over standardized features: P(y = 1 | x) = σ(b + Σ wᵢ (xᵢ − μᵢ) / σᵢ). The weights
/// are data (config/answering/model.json), fitted by <see cref="Fit"/> (Newton's method with an L2 penalty:
/// deterministic, no seed needed).</summary>
public sealed record LogisticModel(string[] Features, double[] Means, double[] Scales, double[] Weights, double Bias)
{
    public double Probability(ReadOnlySpan<double> x) => Sigmoid(Logit(x));

    public double Logit(ReadOnlySpan<double> x)
    {
        var z = Bias;
        for (var i = 0; i < Weights.Length; i++)
        {
            z += Weights[i] * (x[i] - Means[i]) / Scales[i];
        }

        return z;
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Fits the model to rows <paramref name="x"/> with labels <paramref name="y"/> (0/1) and optional row
    /// weights; <paramref name="l2"/> penalizes the weights (not the bias).</summary>
    public static LogisticModel Fit(string[] features, IReadOnlyList<double[]> x, IReadOnlyList<bool> y, double l2, IReadOnlyList<double>? rowWeights = null)
    {
        var n = x.Count;
        var d = features.Length;
        var means = new double[d];
        var scales = new double[d];
        for (var j = 0; j < d; j++)
        {
            means[j] = n == 0 ? 0 : x.Average(r => r[j]);
            var variance = n == 0 ? 0 : x.Average(r => (r[j] - means[j]) * (r[j] - means[j]));
            scales[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        // Column 0 is the bias; Newton steps on the penalized log-likelihood.
        var beta = new double[d + 1];
        var z = new double[n][];
        for (var i = 0; i < n; i++)
        {
            z[i] = new double[d + 1];
            z[i][0] = 1;
            for (var j = 0; j < d; j++)
            {
                z[i][j + 1] = (x[i][j] - means[j]) / scales[j];
            }
        }

        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < n; i++)
            {
                var w = rowWeights?[i] ?? 1;
                var p = Sigmoid(Dot(beta, z[i]));
                var residual = (y[i] ? 1 : 0) - p;
                var curvature = Math.Max(p * (1 - p), 1e-9) * w;
                for (var a = 0; a <= d; a++)
                {
                    gradient[a] += w * residual * z[i][a];
                    for (var b = 0; b <= d; b++)
                    {
                        hessian[a, b] += curvature * z[i][a] * z[i][b];
                    }
                }
            }

            for (var a = 1; a <= d; a++)
            {
                gradient[a] -= l2 * beta[a];
                hessian[a, a] += l2;
            }

            hessian[0, 0] += 1e-6;
            var step = Solve(hessian, gradient);
            var change = 0.0;
            for (var a = 0; a <= d; a++)
            {
                beta[a] += step[a];
                change = Math.Max(change, Math.Abs(step[a]));
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return new LogisticModel(features, means, scales, beta[1..], beta[0]);
    }

    /// <summary>Fits a ranker: per question, a softmax over its candidates' logits, fitted so that the candidates
    /// holding an answer take the probability (conditional logit; gradient ascent with an L2 penalty, from zero, so
    /// deterministic). Only differences between candidates of one question matter, so the bias stays 0.</summary>
    public static LogisticModel FitListwise(string[] features, IReadOnlyList<(double[][] Rows, bool[] Labels)> questions, double l2, int iterations = 600)
    {
        var d = features.Length;
        var all = questions.SelectMany(q => q.Rows).ToList();
        var means = new double[d];
        var scales = new double[d];
        for (var j = 0; j < d; j++)
        {
            means[j] = all.Count == 0 ? 0 : all.Average(r => r[j]);
            var variance = all.Count == 0 ? 0 : all.Average(r => (r[j] - means[j]) * (r[j] - means[j]));
            scales[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        var standardized = questions.Select(q => (Rows: q.Rows.Select(r => r.Select((v, j) => (v - means[j]) / scales[j]).ToArray()).ToArray(), q.Labels)).ToList();
        var weights = new double[d];
        var rate = 0.5;
        var previous = double.NegativeInfinity;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = new double[d];
            var likelihood = 0.0;
            foreach (var (rows, labels) in standardized)
            {
                var logits = rows.Select(r => Dot(weights, r)).ToArray();
                var max = logits.Max();
                var exp = logits.Select(z => Math.Exp(z - max)).ToArray();
                var total = exp.Sum();
                var positive = exp.Where((_, i) => labels[i]).Sum();
                likelihood += Math.Log(positive / total);
                for (var i = 0; i < rows.Length; i++)
                {
                    var target = labels[i] ? exp[i] / positive : 0;
                    var coefficient = target - exp[i] / total;
                    for (var j = 0; j < d; j++)
                    {
                        gradient[j] += coefficient * rows[i][j];
                    }
                }
            }

            likelihood -= 0.5 * l2 * weights.Sum(w => w * w);
            rate = likelihood < previous ? rate * 0.5 : Math.Min(rate * 1.05, 2);
            previous = likelihood;
            for (var j = 0; j < d; j++)
            {
                weights[j] += rate * (gradient[j] - l2 * weights[j]) / Math.Max(1, standardized.Count);
            }
        }

        return new LogisticModel(features, means, scales, weights, 0);
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Gaussian elimination with partial pivoting (the matrix is small and positive definite).</summary>
    private static double[] Solve(double[,] matrix, double[] vector)
    {
        var n = vector.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])vector.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            for (var k = 0; k < n; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            }

            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var row = col + 1; row < n; row++)
            {
                var factor = a[row, col] / a[col, col];
                for (var k = col; k < n; k++)
                {
                    a[row, k] -= factor * a[col, k];
                }

                b[row] -= factor * b[col];
            }
        }

        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= a[row, k] * x[k];
            }

            x[row] = sum / a[row, row];
        }

        return x;
    }
}
