package scan

import (
	"slices"
	"testing"

	"github.com/overt-sec/overt/yara"
)

func TestFilterSelect(t *testing.T) {
	rule := func(name string, matched, private bool, tags ...string) RuleResult {
		return RuleResult{MatchingRule: yara.MatchingRule{Rule: name, Tags: tags, Private: private}, Matched: matched}
	}
	rules := []RuleResult{
		rule("r1", true, false, "A"),
		rule("p", true, true, "A"),
		rule("r2", false, false, "B"),
		rule("r3", true, false, "A", "B"),
		rule("r4", false, false),
		rule("r5", true, false),
	}
	tests := []struct {
		name  string
		f     Filter
		show  []string
		count int
	}{
		{"all matching", Filter{}, []string{"r1", "r3", "r5"}, 3},
		{"negate", Filter{Negate: true}, []string{"r2", "r4"}, 3},
		{"tag", Filter{Tags: []string{"B"}}, []string{"r3"}, 3},
		{"tags are case-sensitive", Filter{Tags: []string{"a"}}, nil, 3},
		{"identifier beats tag", Filter{Tags: []string{"A"}, Identifiers: []string{"r5"}}, []string{"r5"}, 3},
		{"max rules", Filter{MaxRules: 2}, []string{"r1", "r3"}, 2},
		{"max rules stops negation", Filter{MaxRules: 1, Negate: true}, nil, 1},
		{"max rules counts filtered rules", Filter{MaxRules: 1, Tags: []string{"B"}}, nil, 1},
		{"negate with max rules", Filter{MaxRules: 2, Negate: true}, []string{"r2"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			show, count := tt.f.Select(rules)
			var names []string
			for _, r := range show {
				names = append(names, r.Rule)
			}
			if !slices.Equal(names, tt.show) || count != tt.count {
				t.Errorf("Select = %v, %d; want %v, %d", names, count, tt.show, tt.count)
			}
		})
	}
}
