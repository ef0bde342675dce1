using Minerva.Resolve.Evaluation;
using Minerva.Resolve.Rules;
using Minerva.Testing;

namespace Minerva.Resolve.Tests;

public sealed class EvaluatorTests
{
    [Fact]
    public void Pairwise_and_bcubed_scores_match_hand_computed_values()
    {
        // Truth: {a,b,c} {d,e}. Predicted: {a,b} {c,d,e}.
        var truth = new Dictionary<string, string> { ["a"] = "1", ["b"] = "1", ["c"] = "1", ["d"] = "2", ["e"] = "2" };
        var predicted = new Dictionary<string, string> { ["a"] = "E1", ["b"] = "E1", ["c"] = "E2", ["d"] = "E2", ["e"] = "E2" };
        var r = Evaluator.Evaluate(truth, predicted);
        // True pairs: ab ac bc de = 4; predicted: ab cd ce de = 4; both: ab de = 2.
        Assert.Equal(0.5, r.Pairwise.Precision, 9);
        Assert.Equal(0.5, r.Pairwise.Recall, 9);
        // B-cubed precision: a,b 1; c 1/3; d,e 2/3 → (2 + 1/3 + 4/3)/5. Recall: a,b 2/3; c 1/3; d,e 1 → (4/3 + 1/3 + 2)/5.
        Assert.Equal((2 + 1 / 3.0 + 4 / 3.0) / 5, r.BCubed.Precision, 9);
        Assert.Equal((4 / 3.0 + 1 / 3.0 + 2) / 5, r.BCubed.Recall, 9);
        var merge = Assert.Single(r.FalseMerges);
        Assert.Equal(("E2", 3, 2L), (merge.Group, merge.Size, merge.WrongPairs));
        var miss = Assert.Single(r.Misses);
        Assert.Equal(("1", 3, 2L), (miss.Group, miss.Size, miss.WrongPairs));
    }

    [Fact]
    public void A_truth_file_with_a_bad_line_names_it()
    {
        using var folder = new TempFolder();
        var file = folder.File("truth.csv");
        File.WriteAllLines(file, ["record,cluster", "gen:a,1", "no comma here"]);
        var e = Assert.Throws<RuleException>(() => Evaluator.ReadTruth(file));
        Assert.Contains("truth.csv:3:", e.Message);
        File.WriteAllLines(file, ["id,group", "gen:a,1"]);
        Assert.Contains("expected the header", Assert.Throws<RuleException>(() => Evaluator.ReadTruth(file)).Message);
    }
}
