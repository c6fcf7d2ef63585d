package form

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestApply(t *testing.T) {
	tests := []struct {
		rule, data, want string
	}{
		// var
		{`{"var":"a"}`, `{"a":1}`, `1`},
		{`{"var":["a"]}`, `{"a":1}`, `1`},
		{`{"var":["b", 26]}`, `{"a":1}`, `26`},
		{`{"var":["a", 26]}`, `{"a":null}`, `null`},
		{`{"var":"a.b.c"}`, `{"a":{"b":{"c":"x"}}}`, `"x"`},
		{`{"var":"a.b.c"}`, `{"a":null}`, `null`},
		{`{"var":1}`, `["zero","one"]`, `"one"`},
		{`{"var":"g.1.n"}`, `{"g":[{"n":1},{"n":2}]}`, `2`},
		{`{"var":"g.01.n"}`, `{"g":[{"n":1},{"n":2}]}`, `null`},
		{`{"var":""}`, `{"a":1}`, `{"a":1}`},
		{`{"var":[]}`, `5`, `5`},
		{`{"var":{"cat":["a","b"]}}`, `{"ab":7}`, `7`},
		// missing, missing_some
		{`{"missing":["a","b"]}`, `{"a":"apple"}`, `["b"]`},
		{`{"missing":["a","b"]}`, `{"a":"","b":null}`, `["a","b"]`},
		{`{"missing":"a"}`, `null`, `["a"]`},
		{`{"missing":{"merge":["vin",{"if":[{"var":"financing"},["apr"],[]]}]}}`, `{"financing":true}`, `["vin","apr"]`},
		{`{"missing_some":[1,["a","b","c"]]}`, `{"a":"apple"}`, `[]`},
		{`{"missing_some":[2,["a","b","c"]]}`, `{"a":"apple"}`, `["b","c"]`},
		// if
		{`{"if":[]}`, `null`, `null`},
		{`{"if":[true]}`, `null`, `true`},
		{`{"if":[[], "apple", "banana"]}`, `null`, `"banana"`},
		{`{"if":["0", "apple", "banana"]}`, `null`, `"apple"`},
		{`{"if":[0, "apple", "banana"]}`, `null`, `"banana"`},
		{`{"if":[false, "apple", false, "banana", "carrot"]}`, `null`, `"carrot"`},
		{`{"if":[false, "apple", false, "banana"]}`, `null`, `null`},
		{`{"?:":[true, 1, 2]}`, `null`, `1`},
		// equality
		{`{"==":[1,1]}`, `null`, `true`},
		{`{"==":[1,"1"]}`, `null`, `true`},
		{`{"==":["1.50",1.5]}`, `null`, `true`},
		{`{"==":[0,false]}`, `null`, `true`},
		{`{"==":[null,0]}`, `null`, `false`},
		{`{"==":[null,null]}`, `null`, `true`},
		{`{"==":[{"var":"x"},null]}`, `{}`, `true`},
		{`{"==":["",0]}`, `null`, `true`},
		{`{"==":[[1],1]}`, `null`, `true`},
		{`{"==":["abc","abc"]}`, `null`, `true`},
		{`{"===":[1,"1"]}`, `null`, `false`},
		{`{"===":[1,1.0]}`, `null`, `true`},
		{`{"===":[0,{"+":"0"}]}`, `null`, `true`},
		{`{"!=":[1,2]}`, `null`, `true`},
		{`{"!==":[1,"1"]}`, `null`, `true`},
		{`{"!":[true]}`, `null`, `false`},
		{`{"!":true}`, `null`, `false`},
		{`{"!":[[]]}`, `null`, `true`},
		{`{"!!":["0"]}`, `null`, `true`},
		{`{"!!":[[]]}`, `null`, `false`},
		{`{"!!":[{}]}`, `null`, `true`},
		// and, or
		{`{"or":[false,0,"a"]}`, `null`, `"a"`},
		{`{"or":[false,0]}`, `null`, `0`},
		{`{"and":[1,"",2]}`, `null`, `""`},
		{`{"and":[1,2,3]}`, `null`, `3`},
		{`{"and":[]}`, `null`, `null`},
		// relational
		{`{">":[2,1]}`, `null`, `true`},
		{`{">=":[1,1]}`, `null`, `true`},
		{`{"<":[1,2]}`, `null`, `true`},
		{`{"<":["11","2"]}`, `null`, `true`},
		{`{"<":["11",2]}`, `null`, `false`},
		{`{"<":[null,1]}`, `null`, `true`},
		{`{"<":["abc",1]}`, `null`, `false`},
		{`{">":["abc",1]}`, `null`, `false`},
		{`{"<":[1]}`, `null`, `false`},
		{`{"<":[1,2,3]}`, `null`, `true`},
		{`{"<":[1,1,3]}`, `null`, `false`},
		{`{"<=":[1,1,3]}`, `null`, `true`},
		{`{"<=":[1,4,3]}`, `null`, `false`},
		{`{"<":[0.1,{"var":"x"}]}`, `{"x":"0.15"}`, `true`},
		// arithmetic
		{`{"+":[1,2]}`, `null`, `3`},
		{`{"+":[0.1,0.2]}`, `null`, `0.3`},
		{`{"+":["1234.50","0.5"]}`, `null`, `1235`},
		{`{"+":["3abc",1]}`, `null`, `4`},
		{`{"+":[null,1]}`, `null`, `null`},
		{`{"+":[]}`, `null`, `0`},
		{`{"+":"-2.5"}`, `null`, `-2.5`},
		{`{"-":[5,"2"]}`, `null`, `3`},
		{`{"-":[null,2]}`, `null`, `-2`},
		{`{"-":2}`, `null`, `-2`},
		{`{"*":[2,"1.5"]}`, `null`, `3`},
		{`{"*":[2,3,4]}`, `null`, `24`},
		{`{"*":["x"]}`, `null`, `"x"`},
		{`{"/":[1,3]}`, `null`, `0.3333333333`},
		{`{"/":[150,10000]}`, `null`, `0.015`},
		{`{"/":[1,0]}`, `null`, `null`},
		{`{"/":[0,0]}`, `null`, `null`},
		{`{"/":[1,"abc"]}`, `null`, `null`},
		{`{"%":[7,3]}`, `null`, `1`},
		{`{"%":[-7,3]}`, `null`, `-1`},
		{`{"%":[7,0]}`, `null`, `null`},
		{`{"max":[1,3,2]}`, `null`, `3`},
		{`{"min":[1,"-3",2]}`, `null`, `-3`},
		{`{"max":[]}`, `null`, `null`},
		{`{"max":[1,"x"]}`, `null`, `null`},
		{`{"*":["1e999999999",2]}`, `null`, `null`},
		{`{"+":["1e-999999999",2]}`, `null`, `2`},
		// strings and arrays
		{`{"in":["Spring","Springfield"]}`, `null`, `true`},
		{`{"in":["i","team"]}`, `null`, `false`},
		{`{"in":[1,[1,2]]}`, `null`, `true`},
		{`{"in":["1",[1,2]]}`, `null`, `false`},
		{`{"in":["a",null]}`, `null`, `false`},
		{`{"cat":["I love", " pie", 1.5, null, true]}`, `null`, `"I love pie1.5true"`},
		{`{"cat":[[1,[2,null]]]}`, `null`, `"1,2,"`},
		{`{"substr":["jsonlogic", 4]}`, `null`, `"logic"`},
		{`{"substr":["jsonlogic", -5]}`, `null`, `"logic"`},
		{`{"substr":["jsonlogic", 1, 3]}`, `null`, `"son"`},
		{`{"substr":["jsonlogic", 4, -2]}`, `null`, `"log"`},
		{`{"substr":["黔江区教委", 2, 1]}`, `null`, `"区"`},
		{`{"substr":["abc", 99, 99]}`, `null`, `""`},
		{`{"merge":[[1,2],3,[[4]]]}`, `null`, `[1,2,3,[4]]`},
		{`{"merge":[]}`, `null`, `[]`},
		// array operations
		{`{"map":[{"var":"a"},{"*":[{"var":""},2]}]}`, `{"a":[1,2,3]}`, `[2,4,6]`},
		{`{"map":[{"var":"none"},{"var":""}]}`, `{}`, `[]`},
		{`{"filter":[{"var":"a"},{"%":[{"var":""},2]}]}`, `{"a":[1,2,3]}`, `[1,3]`},
		{`{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]}`, `{"a":[1,2,3]}`, `6`},
		{`{"reduce":[{"var":"g"},{"+":[{"var":"accumulator"},{"var":["current.n",0]}]},0]}`, `{"g":[{"n":"1.50"},{},{"n":2}]}`, `3.5`},
		{`{"reduce":[{"var":"none"},{"var":"current"},7]}`, `{}`, `7`},
		{`{"reduce":[[1,2],{"var":"current"}]}`, `{}`, `2`},
		{`{"all":[[1,2,3],{">":[{"var":""},0]}]}`, `null`, `true`},
		{`{"all":[[],{">":[{"var":""},0]}]}`, `null`, `false`},
		{`{"all":[[1,0],{">":[{"var":""},0]}]}`, `null`, `false`},
		{`{"some":[[-1,0,1],{">":[{"var":""},0]}]}`, `null`, `true`},
		{`{"some":[[],{">":[{"var":""},0]}]}`, `null`, `false`},
		{`{"none":[[-1,0],{">":[{"var":""},0]}]}`, `null`, `true`},
		{`{"none":[[],{">":[{"var":""},0]}]}`, `null`, `true`},
		// data literals
		{`[1,{"var":"a"}]`, `{"a":2}`, `[1,2]`},
		{`{"a":1,"b":2}`, `null`, `{"a":1,"b":2}`},
		{`"plain"`, `null`, `"plain"`},
		{`{"log":"x"}`, `null`, `"x"`},
	}
	for _, tt := range tests {
		got, err := Apply(decodeJSON(t, tt.rule), decodeJSON(t, tt.data))
		if err != nil {
			t.Errorf("Apply(%s, %s): %v", tt.rule, tt.data, err)
			continue
		}
		if g, w := canon(t, got), canon(t, decodeJSON(t, tt.want)); g != w {
			t.Errorf("Apply(%s, %s) = %s, want %s", tt.rule, tt.data, g, w)
		}
	}
}

func TestApplyExactDecimals(t *testing.T) {
	got, err := Apply(decodeJSON(t, `{"+":[0.1,0.2]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := got.(decimal.Decimal)
	if !ok || !d.Equal(decimal.RequireFromString("0.3")) {
		t.Errorf("0.1+0.2 = %#v, want exact decimal 0.3", got)
	}
	// Go-typed inputs (YAML floats, ints) are numbers too.
	got, _ = Apply(map[string]any{"+": []any{0.015, int64(1), 2}}, nil)
	if d, ok := got.(decimal.Decimal); !ok || !d.Equal(decimal.RequireFromString("3.015")) {
		t.Errorf("float64+int64+int = %#v, want 3.015", got)
	}
}

// doubling builds a reduce over 64 elements whose accumulator doubles in size on every step.
func doubling(op string) string {
	items := "0"
	for range 63 {
		items += ",0"
	}
	return `{"reduce":[[` + items + `],{"` + op + `":[{"var":"accumulator"},{"var":"accumulator"}]},["x"]]}`
}

func TestApplyNestedSharedArrays(t *testing.T) {
	// [acc, acc] shares sub-arrays, so the string form is exponentially long; it must stay bounded.
	rule := `{"cat":{"reduce":[{"merge":[[0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0]]},[{"var":"accumulator"},{"var":"accumulator"}],1]}}`
	got, err := Apply(decodeJSON(t, rule), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := got.(string); !ok || len(s) > 4*maxJoinNodes {
		t.Errorf("got %T of length %d", got, len(got.(string)))
	}
}

func TestApplyErrors(t *testing.T) {
	deep := `{"var":"a"}`
	for range 200 {
		deep = `{"!":[` + deep + `]}`
	}
	tests := []struct {
		rule string
		want error
	}{
		{`{"nope":[1]}`, ErrUnknownOperator},
		{`{"if":[true,{"bogus":1}]}`, ErrUnknownOperator},
		{`{"map":[[1],{"bogus":1}]}`, ErrUnknownOperator},
		{deep, ErrTooDeep},
		{doubling("merge"), ErrTooComplex},
		{doubling("cat"), ErrTooComplex},
	}
	for _, tt := range tests {
		_, err := Apply(decodeJSON(t, tt.rule), nil)
		if !errors.Is(err, tt.want) {
			t.Errorf("Apply(%.40s…) error = %v, want %v", tt.rule, err, tt.want)
		}
	}
}
