package defaultrules

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

func TestDiagCost(t *testing.T) {
	set := compiled(t)
	v := set.NewValues()
	cost := map[string]time.Duration{}
	for _, r := range flatten(ordinaryMix(t)) {
		for _, rule := range set.For(r.lr.EventName()) {
			pres := []*rules.Prefilter{rule.Prefilter}
			if rule.Sequence != nil {
				pres = nil
				for _, s := range rule.Sequence.Steps {
					pres = append(pres, s.Prefilter)
				}
			}
			for i, p := range pres {
				if rule.Sequence != nil && i > 0 {
					continue
				}
				v.Reset(r.lr.EventName(), r.rl.Resource().Attributes(), r.lr.Attributes())
				if p.Eval(v) == rules.Maybe {
					fmt.Println("MAYBE", rule.ID, i, r.lr.EventName(), p == nil)
				}
				start := time.Now()
				for range 1000 {
					v.Reset(r.lr.EventName(), r.rl.Resource().Attributes(), r.lr.Attributes())
					p.Eval(v)
				}
				cost[rule.ID] += time.Since(start) / 1000
			}
		}
	}
	var keys []string
	for k := range cost {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return cost[keys[i]] > cost[keys[j]] })
	var total time.Duration
	for _, k := range keys {
		total += cost[k]
	}
	fmt.Println("total", total)
	for _, k := range keys[:12] {
		fmt.Println(k, cost[k])
	}
}
