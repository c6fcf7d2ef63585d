package form

import (
	"fmt"
	"strings"
)

const deviationsNote = "Cases of the vendored json-logic compat-tables suite (suites/) where Tianbao's evaluators deliberately " +
	"answer otherwise. got is the answer both the Go and the TypeScript evaluator give (canonical JSON, or error: ...). " +
	"The suite follows JSON Logic as json-logic-engine reads it; Tianbao follows json-logic-js, whose coercions the " +
	"browser has always used, with exact decimals and NaN as null (seeds/forms/README.md). Every reason is checked by " +
	"backend/form/compat_reasons_test.go; rewrite with make golden."

// deviationReasons explains every reason a case may be listed for.
var deviationReasons = map[string]string{
	"unsupported_operator": "The rule uses an operator outside json-logic-js that Tianbao does not implement " +
		"(val, ??, exists, try, throw, preserve, ...): the evaluators refuse it as an unknown operator, and so " +
		"does rulecheck at import.",
	"nan_is_null": "The suite wants an error for NaN. json-logic-js has none: arithmetic on what is not a number " +
		"is NaN, which Tianbao turns into null; a comparison with NaN is false; an array is read through its " +
		"text ([1] is 1, [] is 0).",
	"arguments_not_checked": "The suite wants an error for missing, extra or non-array arguments, a null array or a null " +
		"per-element rule. json-logic-js checks nothing at run time: a missing argument is undefined (null), a " +
		"single argument is a one-element list, a null array is empty, and the per-element rule is evaluated as " +
		"given. Form rules with a wrong argument count are refused at import by rulecheck instead.",
	"extra_arguments_ignored": "json-logic-js's binary operators (-, /, %, >, >=, ==, ===, !=, !==) read two " +
		"arguments and ignore the rest ({\"-\":[580,300,200]} is 280); rulecheck refuses such rules at import.",
	"parsefloat_arithmetic": "json-logic-js's + and * read their arguments with parseFloat, so true, false, null " +
		"and \"\" are NaN (null here), a lone * argument is returned unchanged and * of nothing is NaN; the suite " +
		"uses Number().",
	"unary_division": "json-logic-js's / with one argument divides it by undefined: NaN, null here; the suite " +
		"takes {\"/\":[x]} as 1/x.",
	"loose_null_equality": "JavaScript's null == 0 is false (null is loosely equal only to null and undefined); " +
		"the suite reads null as 0.",
	"empty_and_or": "json-logic-js's and/or of no arguments return undefined (null here), the suite false.",
	"reduce_without_initial": "json-logic-js's reduce without an initial value starts the accumulator at null, " +
		"not at the first element; rulecheck warns about such rules at import.",
	"cat_of_array_text": "json-logic-js's cat of a single non-array argument that evaluates to an array joins " +
		"the array's text with commas (String([a,b]) is \"a,b\").",
}

// deviationReason names the reason a failing case deviates, after checking that it holds for
// this case: the reason's operator and argument shape, and for some the answer recomputed the way
// json-logic-js reads the rule. The second result explains a mismatch for the test's message.
func deviationReason(c compatCase, answer string) (string, string) {
	op, args, isOp := operation(c.Rule)
	is := func(ops ...string) bool {
		for _, o := range ops {
			if isOp && op == o {
				return true
			}
		}
		return false
	}
	_, rawArgs := c.Rule.(map[string]any)
	argsList, listed := []any(nil), false
	if rawArgs {
		argsList, listed = asSlice(c.Rule.(map[string]any)[op])
	}
	isError := strings.HasPrefix(answer, "error:")
	var reason string
	switch {
	case answer == "error: unknown operator":
		reason = "unsupported_operator"
	case isError:
		reason = ""
	case c.WantEr && errorType(c) == "NaN":
		reason = "nan_is_null"
	case c.WantEr && errorType(c) == "Invalid Arguments":
		reason = "arguments_not_checked"
	case c.WantEr:
		reason = ""
	case is("-", "/", "%", ">", ">=", "==", "===", "!=", "!==") && listed && len(argsList) > 2 &&
		compatAnswer(map[string]any{op: argsList[:2]}, c.Data) == answer:
		reason = "extra_arguments_ignored"
	case is("/") && len(args) == 1 && answer == "null":
		reason = "unary_division"
	case is("+", "*") && parseFloatDiffers(args):
		reason = "parsefloat_arithmetic"
	case is("==", "!=") && len(args) == 2 && (args[0] == nil) != (args[1] == nil):
		reason = "loose_null_equality"
	case is("and", "or") && len(args) == 0 && answer == "null":
		reason = "empty_and_or"
	case is("reduce") && len(args) == 2:
		reason = "reduce_without_initial"
	case is("cat") && !listed && len(args) == 1 && strings.Contains(answer, ","):
		reason = "cat_of_array_text"
	}
	if reason == "" {
		return "unexplained", fmt.Sprintf("no known reason explains %s (the suite expects %s)", answer, expected(c))
	}
	return reason, fmt.Sprintf("the case deviates for reason %q", reason)
}

func errorType(c compatCase) string {
	m, _ := c.Error.(map[string]any)
	s, _ := m["type"].(string)
	return s
}

// parseFloatDiffers reports whether + or * of these arguments differs between parseFloat (json-logic-js)
// and Number() (the suite): a boolean, null, "" or a non-numeric value among them, or a lone argument
// or none at all (* returns a lone argument as it is, and has nothing for none).
func parseFloatDiffers(args []any) bool {
	if len(args) < 2 {
		return true
	}
	for _, a := range args {
		switch kindOf(a) {
		case kBool, kNull, kArray, kObject:
			return true
		case kString:
			if _, ok := parseFloat(a); !ok || a == "" {
				return true
			}
		}
	}
	return false
}
