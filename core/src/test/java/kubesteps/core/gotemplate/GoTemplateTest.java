package kubesteps.core.gotemplate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's text/template as kubectl runs it, table-driven. The cases are Go's own (src/text/template/exec_test.go:
 * execTests, cmpTests, TestMissingMapKey, TestExecError, TestBlock, TestTree, TestInterfaceValues,
 * TestFunctionCheckDuringCall, TestUnterminatedStringError, TestMaxExecDepth; parse/parse_test.go: parseTests and
 * errorTests) translated to the data kubectl gives a template, a JSON tree: Go's test struct tVal becomes the map
 * T below (struct fields become keys, so `{{.Empty4}}` prints map[V:UinEmpty] where Go prints the struct
 * {UinEmpty}, and a missing map key is <no value> where Go's map[string]int gives 0). Then cli-runtime's
 * printers/template_test.go cases and kubectl-style cases on a pod list and a Secret.
 *
 * <p>Left out, because a JSON tree cannot hold them: methods and function-valued fields (.Method0, .MAdd, .GetU,
 * call of a func, .BinaryFunc, .VariadicFunc, .ErrFunc, .NilOKFunc, MyError, Stringer/error values .V0 .W0 .Str
 * .Err, vfunc, bug1/bug2/bug3/bug5/bug6/bug11/bug15/bug17), pointers and unsafe pointers (.PI .PS .PSI .NIL .UPI,
 * typed nil interfaces), unsigned and sized integer types and maps with non-string keys (.U16, MII, MI32S, MUI64S,
 * ..., cmpTests with .Uthree/.Ufour/.NegOne/.Ptr/.Iface/.V1), arrays vs slices with capacity (SICap, "len(s) <
 * indexes < cap(s)"), channels and iterators (range count, iter.Seq), the test-only functions (add, echo, makemap,
 * mapOfThree, die, typeOf: typeOf cases are kept as printf "%T"), custom delimiters (TestDelims; TestTree kept with
 * {{ }}), Clone/AddParseTree/Lookup API tests, and complex numbers (not supported: kubectl's JSON has none). The
 * parse tests compare Go's tree dump (Node.String) only where it shows in an error; their max-depth cases use a test
 * limit of 3 (ours is Go's 10000).
 */
class GoTemplateTest {
  static final Object T = ObjectMaps.parseJson("""
      {"True": true, "I": 17, "X": "x", "S": "xyz", "FloatZero": 0.0, "U": {"V": "v"},
       "SI": [3, 4, 5], "SIEmpty": [], "SB": [true, false], "AI": [3, 4, 5],
       "MSI": {"one": 1, "two": 2, "three": 3}, "MSIone": {"one": 1}, "MSIEmpty": {},
       "SMSI": [{"one": 1, "two": 2}, {"eleven": 11, "twelve": 12}],
       "Empty0": null, "Empty1": 3, "Empty2": "empty2", "Empty3": [7, 8], "Empty4": {"V": "UinEmpty"},
       "PS": "a string", "PSI": [21, 22, 23]}
      """);

  static final Object IFACES = ObjectMaps.parseJson("""
      {"Slice": [0, 1, 2, 3], "One": 1, "Two": 2, "Nil": null, "Zero": 0}""");

  static final Object PODS = ObjectMaps.parseJson("""
      {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
       "items": [
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web-1", "namespace": "shop", "generation": 1, "labels": {"app": "web", "tier": "front"},
                      "creationTimestamp": "2024-05-01T10:00:00Z"},
         "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]},
                                 {"name": "sidecar", "image": "busybox"}]},
         "status": {"phase": "Running", "podIP": "10.0.0.7", "restartCount": 0,
                    "conditions": [{"type": "Ready", "status": "True"}],
                    "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 2,
                                           "state": {"running": {"startedAt": "2024-05-01T10:00:05Z"}}}]}},
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "job-7", "namespace": "shop", "generation": 1, "labels": {"app": "batch"},
                      "deletionTimestamp": null},
         "spec": {"containers": [{"name": "worker", "image": "python:3.12"}]},
         "status": {"phase": "Succeeded", "cpu": 0.25, "big": 1000000.0}}
       ]}
      """);

  static final Object SECRET = ObjectMaps.parseJson("""
      {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
       "metadata": {"name": "db", "namespace": "shop"},
       "data": {"username": "aHVudGVy", "password": "czNjcjN0IQ==", "bad": "--THIS IS NOT BASE64--"}}
      """);

  static final Object EVENT = ObjectMaps.parseJson("""
      {"apiVersion": "v1", "kind": "Event", "count": 1, "reason": "Pulled"}""");

  /** One row: a template, its data, and the output, or (error = true) text the error must contain. */
  record Case(String name, String template, Object data, String expected, boolean error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Case> CASES = new ArrayList<>();

  static void ok(String name, String template, Object data, String expected) {
    CASES.add(new Case(name, template, data, expected, false));
  }

  static void err(String name, String template, Object data, String contains) {
    CASES.add(new Case(name, template, data, contains, true));
  }

  static {
    // --- exec_test.go execTests
    ok("empty", "", null, "");
    ok("text", "some text", null, "some text");
    err("nil action", "{{nil}}", null, "nil is not a command");
    ok("ideal int", "{{printf \"%T\" 3}}", 0L, "int");
    ok("ideal float", "{{printf \"%T\" 1.0}}", 0L, "float64");
    ok("ideal exp float", "{{printf \"%T\" 1e1}}", 0L, "float64");
    ok("ideal int big", "{{printf \"%T\" 0x7fffffffffffffff}}", 0L, "int");
    err("ideal too big", "{{printf \"%T\" 0x8000000000000000}}", 0L, "0x8000000000000000 overflows int");
    ok(".X", "-{{.X}}-", T, "-x-");
    ok(".U.V", "-{{.U.V}}-", T, "-v-");
    ok("map .one", "{{.MSI.one}}", T, "1");
    ok("map .two", "{{.MSI.two}}", T, "2");
    ok("map .NO", "{{.MSI.NO}}", T, "<no value>");
    err("map .WRONG args", "{{.MSI.one 1}}", T, "one is not a method but has arguments");
    ok("dot int", "<{{.}}>", 13L, "<13>");
    ok("dot float", "<{{.}}>", 15.1, "<15.1>");
    ok("dot bool", "<{{.}}>", true, "<true>");
    ok("dot string", "<{{.}}>", "hello", "<hello>");
    ok("dot slice", "<{{.}}>", List.of(-1L, -2L, -3L), "<[-1 -2 -3]>");
    ok("dot map", "<{{.}}>", Map.of("two", 22L), "<map[two:22]>");
    ok("$ int", "{{$}}", 123L, "123");
    ok("$.I", "{{$.I}}", T, "17");
    ok("$.U.V", "{{$.U.V}}", T, "v");
    ok("declare in action", "{{$x := $.U.V}}{{$x}}", T, "v");
    ok("simple assignment", "{{$x := 2}}{{$x = 3}}{{$x}}", T, "3");
    ok("nested assignment", "{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{$x}}", T, "3");
    ok("nested assignment changes the last declaration",
        "{{$x := 1}}{{if true}}{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{end}}{{$x}}", T, "1");
    ok("empty nil", "{{.Empty0}}", T, "<no value>");
    ok("empty with int", "{{.Empty1}}", T, "3");
    ok("empty with string", "{{.Empty2}}", T, "empty2");
    ok("empty with slice", "{{.Empty3}}", T, "[7 8]");
    ok("empty with struct (a map here)", "{{.Empty4}}", T, "map[V:UinEmpty]");
    ok("empty with struct, field", "{{.Empty4.V}}", T, "UinEmpty");
    ok("field on interface", "{{.foo}}", null, "<no value>");
    ok("field on parenthesized interface", "{{(.).foo}}", null, "<no value>");
    err("unparenthesized non-function", "{{1 2}}", null, "can't give argument to non-function 1");
    err("parenthesized non-function", "{{(1) 2}}", null, "can't give argument to non-function 1");
    ok("parenthesized non-function with no args", "{{(1)}}", null, "1");
    err("call nil", "{{call nil}}", T, "error calling call: call of nil");
    err("empty call", "{{call}}", T, "wrong number of args for call: want at least 1 got 0");
    err("empty call after pipe invalid", "{{1 | call}}", T, "error calling call: non-function");
    ok("parens: $ in paren", "{{($).X}}", T, "x");
    ok("if true", "{{if true}}TRUE{{end}}", T, "TRUE");
    ok("if false", "{{if false}}TRUE{{else}}FALSE{{end}}", T, "FALSE");
    err("if nil", "{{if nil}}TRUE{{end}}", T, "nil is not a command");
    ok("if 1", "{{if 1}}NON-ZERO{{else}}ZERO{{end}}", T, "NON-ZERO");
    ok("if 0", "{{if 0}}NON-ZERO{{else}}ZERO{{end}}", T, "ZERO");
    ok("if 1.5", "{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}", T, "NON-ZERO");
    ok("if 0.0", "{{if .FloatZero}}NON-ZERO{{else}}ZERO{{end}}", T, "ZERO");
    ok("if emptystring", "{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("if string", "{{if `notempty`}}NON-EMPTY{{else}}EMPTY{{end}}", T, "NON-EMPTY");
    ok("if emptyslice", "{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("if slice", "{{if .SI}}NON-EMPTY{{else}}EMPTY{{end}}", T, "NON-EMPTY");
    ok("if emptymap", "{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("if map", "{{if .MSI}}NON-EMPTY{{else}}EMPTY{{end}}", T, "NON-EMPTY");
    ok("if map unset", "{{if .MSI.none}}NON-ZERO{{else}}ZERO{{end}}", T, "ZERO");
    ok("if map not unset", "{{if not .MSI.none}}ZERO{{else}}NON-ZERO{{end}}", T, "ZERO");
    ok("if $x with $y int", "{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}", T, "true,17");
    ok("if $x with $x int", "{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}", T, "17,true");
    ok("if else if", "{{if false}}FALSE{{else if true}}TRUE{{end}}", T, "TRUE");
    ok("if else chain", "{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", T, "3");
    ok("print", "{{print \"hello, print\"}}", T, "hello, print");
    ok("print 123", "{{print 1 2 3}}", T, "1 2 3");
    ok("print nil", "{{print nil}}", T, "<nil>");
    ok("println", "{{println 1 2 3}}", T, "1 2 3\n");
    ok("printf int", "{{printf \"%04x\" 127}}", T, "007f");
    ok("printf float", "{{printf \"%g\" 3.5}}", T, "3.5");
    ok("printf string", "{{printf \"%s\" \"hello\"}}", T, "hello");
    ok("printf field", "{{printf \"%s\" .U.V}}", T, "v");
    ok("printf dot", "{{with .I}}{{printf \"%d\" .}}{{end}}", T, "17");
    ok("printf var", "{{with $x := .I}}{{printf \"%d\" $x}}{{end}}", T, "17");
    ok("printf lots (without complex and methods)", "{{printf \"%d %s %g %s\" 127 \"hello\" 3.5 .X}}", T,
        "127 hello 3.5 x");
    ok("html", "{{html \"<script>alert(\\\"XSS\\\");</script>\"}}", null,
        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;");
    ok("html pipeline", "{{printf \"<script>alert(\\\"XSS\\\");</script>\" | html}}", null,
        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;");
    ok("html .PS", "{{html .PS}}", T, "a string");
    ok("html untyped nil", "{{html .Empty0}}", T, "&lt;no value&gt;");
    ok("js", "{{js .}}", "It'd be nice.", "It\\'d be nice.");
    ok("urlquery", "{{\"http://www.example.org/\"|urlquery}}", null, "http%3A%2F%2Fwww.example.org%2F");
    ok("not", "{{not true}} {{not false}}", null, "false true");
    ok("and", "{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", null, "false 0 0 1");
    ok("or", "{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", null, "0 1 true 1");
    // Go's short-circuit cases use a test function that panics; an index out of range fails the same way
    ok("or short-circuit", "{{or 0 1 (index .SI 10)}}", T, "1");
    ok("and short-circuit", "{{and 1 0 (index .SI 10)}}", T, "0");
    err("or short-circuit2", "{{or 0 0 (index .SI 10)}}", T, "error calling index: index out of range: 10");
    err("and short-circuit2", "{{and 1 1 (index .SI 10)}}", T, "index out of range: 10");
    ok("and pipe-true", "{{1 | and 1}}", null, "1");
    ok("and pipe-false", "{{0 | and 1}}", null, "0");
    ok("or pipe-true", "{{1 | or 0}}", null, "1");
    ok("or pipe-false", "{{0 | or 0}}", null, "0");
    ok("and undef", "{{and 1 .Unknown}}", null, "<no value>");
    ok("or undef", "{{or 0 .Unknown}}", null, "<no value>");
    ok("boolean if", "{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}", T, "TRUE");
    ok("boolean if not", "{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}", null, "FALSE");
    ok("boolean if pipe", "{{if true | not | and 1}}TRUE{{else}}FALSE{{end}}", null, "FALSE");
    ok("slice[0]", "{{index .SI 0}}", T, "3");
    ok("slice[1]", "{{index .SI 1}}", T, "4");
    err("slice[HUGE]", "{{index .SI 10}}", T, "error calling index: index out of range: 10");
    err("slice[WRONG]", "{{index .SI `hello`}}", T, "cannot index slice/array with type string");
    err("slice[nil]", "{{index .SI nil}}", T, "cannot index slice/array with nil");
    ok("map[one]", "{{index .MSI `one`}}", T, "1");
    ok("map[two]", "{{index .MSI `two`}}", T, "2");
    ok("map[NO] (interface values: no value, not 0)", "{{index .MSI `XXX`}}", T, "<no value>");
    err("map[nil]", "{{index .MSI nil}}", T, "value is nil; should be of type string");
    ok("map[``]", "{{index .MSI ``}}", T, "<no value>");
    err("map[WRONG]", "{{index .MSI 10}}", T, "value has type int; should be string");
    ok("double index", "{{index .SMSI 1 `eleven`}}", T, "11");
    err("nil[1]", "{{index nil 1}}", T, "index of untyped nil");
    ok("index of an interface field", "{{index .Empty3 0}}", T, "7");
    ok("slice[:]", "{{slice .SI}}", T, "[3 4 5]");
    ok("slice[1:]", "{{slice .SI 1}}", T, "[4 5]");
    ok("slice[1:2]", "{{slice .SI 1 2}}", T, "[4]");
    err("slice[-1:]", "{{slice .SI -1}}", T, "index out of range: -1");
    err("slice[1:-2]", "{{slice .SI 1 -2}}", T, "index out of range: -2");
    err("slice[1:2:-1]", "{{slice .SI 1 2 -1}}", T, "index out of range: -1");
    err("slice[2:1]", "{{slice .SI 2 1}}", T, "invalid slice index: 2 > 1");
    err("slice[2:2:1]", "{{slice .SI 2 2 1}}", T, "invalid slice index: 2 > 1");
    err("out of range", "{{slice .SI 4 5}}", T, "index out of range: 4");
    err("out of range 3", "{{slice .SI 2 2 5}}", T, "index out of range: 5");
    ok("array[:]", "{{slice .AI}}", T, "[3 4 5]");
    ok("array[1:]", "{{slice .AI 1}}", T, "[4 5]");
    ok("array[1:2]", "{{slice .AI 1 2}}", T, "[4]");
    ok("string[:]", "{{slice .S}}", T, "xyz");
    ok("string[0:1]", "{{slice .S 0 1}}", T, "x");
    ok("string[1:]", "{{slice .S 1}}", T, "yz");
    ok("string[1:2]", "{{slice .S 1 2}}", T, "y");
    err("string out of range", "{{slice .S 1 5}}", T, "index out of range: 5");
    err("3-index slice of string", "{{slice .S 1 2 2}}", T, "cannot 3-index slice a string");
    ok("slice of an interface field", "{{slice .Empty3 0 1}}", T, "[7]");
    ok("len slice", "{{len .SI}}", T, "3");
    ok("len map", "{{len .MSI }}", T, "3");
    err("len of int", "{{len 3}}", T, "len of type int");
    err("len of nothing", "{{len .Empty0}}", T, "len of nil pointer");
    ok("len of an interface field", "{{len .Empty3}}", T, "2");
    ok("with true", "{{with true}}{{.}}{{end}}", T, "true");
    ok("with false", "{{with false}}{{.}}{{else}}FALSE{{end}}", T, "FALSE");
    ok("with 1", "{{with 1}}{{.}}{{else}}ZERO{{end}}", T, "1");
    ok("with 0", "{{with 0}}{{.}}{{else}}ZERO{{end}}", T, "ZERO");
    ok("with 1.5", "{{with 1.5}}{{.}}{{else}}ZERO{{end}}", T, "1.5");
    ok("with 0.0", "{{with .FloatZero}}{{.}}{{else}}ZERO{{end}}", T, "ZERO");
    ok("with emptystring", "{{with ``}}{{.}}{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("with string", "{{with `notempty`}}{{.}}{{else}}EMPTY{{end}}", T, "notempty");
    ok("with emptyslice", "{{with .SIEmpty}}{{.}}{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("with slice", "{{with .SI}}{{.}}{{else}}EMPTY{{end}}", T, "[3 4 5]");
    ok("with emptymap", "{{with .MSIEmpty}}{{.}}{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("with map", "{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}", T, "map[one:1]");
    ok("with empty interface, struct field", "{{with .Empty4}}{{.V}}{{end}}", T, "UinEmpty");
    ok("with $x int", "{{with $x := .I}}{{$x}}{{end}}", T, "17");
    ok("with $x struct.U.V", "{{with $x := $}}{{$x.U.V}}{{end}}", T, "v");
    ok("with variable and action", "{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}", T, "v");
    ok("with else with", "{{with 0}}{{.}}{{else with true}}{{.}}{{end}}", T, "true");
    ok("with else with chain", "{{with 0}}{{.}}{{else with false}}{{.}}{{else with `notempty`}}{{.}}{{end}}", T,
        "notempty");
    ok("range []int", "{{range .SI}}-{{.}}-{{end}}", T, "-3--4--5-");
    ok("range empty no else", "{{range .SIEmpty}}-{{.}}-{{end}}", T, "");
    ok("range []int else", "{{range .SI}}-{{.}}-{{else}}EMPTY{{end}}", T, "-3--4--5-");
    ok("range empty else", "{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("range []int break else", "{{range .SI}}-{{.}}-{{break}}NOTREACHED{{else}}EMPTY{{end}}", T, "-3-");
    ok("range []int continue else", "{{range .SI}}-{{.}}-{{continue}}NOTREACHED{{else}}EMPTY{{end}}", T,
        "-3--4--5-");
    ok("range []bool", "{{range .SB}}-{{.}}-{{end}}", T, "-true--false-");
    ok("range map", "{{range .MSI}}-{{.}}-{{end}}", T, "-1--3--2-");
    ok("range empty map no else", "{{range .MSIEmpty}}-{{.}}-{{end}}", T, "");
    ok("range map else", "{{range .MSI}}-{{.}}-{{else}}EMPTY{{end}}", T, "-1--3--2-");
    ok("range empty map else", "{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", T, "EMPTY");
    ok("range empty interface", "{{range .Empty3}}-{{.}}-{{else}}EMPTY{{end}}", T, "-7--8-");
    ok("range empty nil", "{{range .Empty0}}-{{.}}-{{end}}", T, "");
    ok("range $x SI", "{{range $x := .SI}}<{{$x}}>{{end}}", T, "<3><4><5>");
    ok("range $x $y SI", "{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}", T, "<0=3><1=4><2=5>");
    ok("range $x MSIone", "{{range $x := .MSIone}}<{{$x}}>{{end}}", T, "<1>");
    ok("range $x $y MSIone", "{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}", T, "<one=1>");
    ok("range $x PSI", "{{range $x := .PSI}}<{{$x}}>{{end}}", T, "<21><22><23>");
    ok("declare in range", "{{range $x := .PSI}}<{{$foo:=$x}}{{$x}}>{{end}}", T, "<21><22><23>");
    ok("range 5", "{{range $v := 5}}{{printf \"%T%d\" $v $v}}{{end}}", null, "int0int1int2int3int4");
    ok("range int64 (a tree number)", "{{range $v := .Empty1}}{{printf \"%T%d\" $v $v}}{{end}}", T,
        "int640int641int642");
    err("range over a string", "{{range .X}}{{end}}", T, "range can't iterate over x");
    ok("or as if true", "{{or .SI \"slice is empty\"}}", T, "[3 4 5]");
    ok("or as if false", "{{or .SIEmpty \"slice is empty\"}}", T, "slice is empty");
    ok("decimal", "{{print 1234}}", T, "1234");
    ok("decimal _", "{{print 12_34}}", T, "1234");
    ok("binary", "{{print 0b101}}", T, "5");
    ok("binary _", "{{print 0b_1_0_1}}", T, "5");
    ok("BINARY", "{{print 0B101}}", T, "5");
    ok("octal0", "{{print 0377}}", T, "255");
    ok("octal", "{{print 0o377}}", T, "255");
    ok("octal _", "{{print 0o_3_7_7}}", T, "255");
    ok("OCTAL", "{{print 0O377}}", T, "255");
    ok("hex", "{{print 0x123}}", T, "291");
    ok("hex _", "{{print 0x1_23}}", T, "291");
    ok("HEX", "{{print 0X123ABC}}", T, "1194684");
    ok("float", "{{print 123.4}}", T, "123.4");
    ok("float _", "{{print 0_0_1_2_3.4}}", T, "123.4");
    ok("hex float", "{{print +0x1.ep+2}}", T, "7.5");
    ok("hex float _", "{{print +0x_1.e_0p+0_2}}", T, "7.5");
    ok("HEX float", "{{print +0X1.EP+2}}", T, "7.5");
    ok("print multi", "{{print 1_2_3_4 7.5_00_00_00}}", T, "1234 7.5");
    ok("print multi2", "{{print 1234 0x0_1.e_0p+02}}", T, "1234 7.5");
    ok("bug0 (dot and receiver kept apart)", "{{range .MSIone}}{{if $.I}}X{{end}}{{end}}", T, "X");
    ok("bug4", "{{if .Empty0}}non-nil{{else}}nil{{end}}", T, "nil");
    err("bug7a", "{{3 2}}", T, "can't give argument to non-function 3");
    err("bug7b", "{{$x := 1}}{{$x 2}}", T, "can't give argument to non-function $x");
    err("bug7c", "{{$x := 1}}{{3 | $x}}", T, "can't give argument to non-function $x");
    ok("bug9", "{{.cause}}", Map.of("cause", "neglect"), "neglect");
    ok("bug12xe", "{{printf `%T` 0xef}}", T, "int");
    ok("bug12xE", "{{printf `%T` 0xEE}}", T, "int");
    ok("bug12Xe", "{{printf `%T` 0Xef}}", T, "int");
    ok("bug12XE", "{{printf `%T` 0XEE}}", T, "int");
    err("bug14a", "{{(nil).True}}", T, "at <nil>: nil is not a command");
    err("bug14b", "{{$x := nil}}{{$x.anything}}", T, "nil is not a command");
    err("bug14c", "{{$x := (1.0)}}{{$y := (\"hello\")}}{{$x.anything}}{{$y.true}}", T,
        "can't evaluate field anything in type float64");
    err("bug16a", "{{true|printf}}", T, "wrong type for value; expected string; got bool");
    err("bug16b", "{{1|printf}}", T, "wrong type for value; expected string; got int");
    err("bug16c", "{{1.1|printf}}", T, "wrong type for value; expected string; got float64");
    err("bug16d", "{{'x'|printf}}", T, "wrong type for value; expected string; got int");
    ok("bug16k", "{{\"aaa\"|printf }}", T, "aaa");
    ok("bug18a", "{{eq . '.'}}", 46L, "true");
    ok("bug18b", "{{eq . 'e'}}", 101L, "true");
    ok("bug18c", "{{eq . 'P'}}", 80L, "true");
    ok("issue56490", "{{$i := 0}}{{$x := 0}}{{range $i = .AI}}{{end}}{{$i}}", T, "5");
    ok("issue60801", "{{$k := 0}}{{$v := 0}}{{range $k, $v = .AI}}{{$k}}={{$v}} {{end}}", T, "0=3 1=4 2=5 ");

    // --- exec_test.go cmpTests, as TestComparison runs them
    String[][] cmp = {
        {"eq true true", "true"}, {"eq true false", "false"}, {"eq 1.5 1.5", "true"}, {"eq 1.5 2.5", "false"},
        {"eq 1 1", "true"}, {"eq 1 2", "false"}, {"eq `xy` `xy`", "true"}, {"eq `xy` `xyz`", "false"},
        {"eq 3 4 5 6 3", "true"}, {"eq 3 4 5 6 7", "false"}, {"ne true true", "false"}, {"ne true false", "true"},
        {"ne 1.5 1.5", "false"}, {"ne 1.5 2.5", "true"}, {"ne 1 1", "false"}, {"ne 1 2", "true"},
        {"ne `xy` `xy`", "false"}, {"ne `xy` `xyz`", "true"}, {"lt 1.5 1.5", "false"}, {"lt 1.5 2.5", "true"},
        {"lt 1 1", "false"}, {"lt 1 2", "true"}, {"lt `xy` `xy`", "false"}, {"lt `xy` `xyz`", "true"},
        {"le 1.5 1.5", "true"}, {"le 1.5 2.5", "true"}, {"le 2.5 1.5", "false"}, {"le 1 1", "true"},
        {"le 1 2", "true"}, {"le 2 1", "false"}, {"le `xy` `xy`", "true"}, {"le `xy` `xyz`", "true"},
        {"le `xyz` `xy`", "false"}, {"gt 1.5 1.5", "false"}, {"gt 1.5 2.5", "false"}, {"gt 1 1", "false"},
        {"gt 2 1", "true"}, {"gt 1 2", "false"}, {"gt `xy` `xy`", "false"}, {"gt `xy` `xyz`", "false"},
        {"ge 1.5 1.5", "true"}, {"ge 1.5 2.5", "false"}, {"ge 2.5 1.5", "true"}, {"ge 1 1", "true"},
        {"ge 1 2", "false"}, {"ge 2 1", "true"}, {"ge `xy` `xy`", "true"}, {"ge `xy` `xyz`", "false"},
        {"ge `xyz` `xy`", "true"}, {"eq (index `x` 0) 'x'", "true"}, {"eq (index `x` 0) 'y'", "false"},
        {"eq .Missing .Missing", "true"}, {"eq .Missing 0", "false"}, {"eq 0 .Missing", "false"},
        {"eq .Empty0 .Missing", "true"}};
    for (String[] c : cmp) ok("cmp " + c[0], "{{if " + c[0] + "}}true{{else}}false{{end}}", T, c[1]);
    err("cmp eq `xy` 1", "{{if eq `xy` 1}}{{end}}", T, "error calling eq: incompatible types for comparison: string"
        + " and int");
    err("cmp eq 2 2.0", "{{if eq 2 2.0}}{{end}}", T, "incompatible types for comparison: int and float64");
    err("cmp lt true true", "{{if lt true true}}{{end}}", T, "error calling lt: invalid type for comparison");
    err("cmp eq map map (non-comparable)", "{{if eq .MSI .MSI}}{{end}}", T, "non-comparable type map[one:%!s(int64=1) three:%!s(int64=3) two:%!s(int64=2)]: map[string]interface {}");

    // --- TestInterfaceValues (the call cases left out)
    String[][] iv = {
        {"{{index .Slice 2}}", "2"}, {"{{index .Slice .Two}}", "2"}, {"{{and (index .Slice 0) true}}", "0"},
        {"{{and .Zero true}}", "0"}, {"{{and (index .Slice 1) false}}", "false"}, {"{{and .One false}}", "false"},
        {"{{or (index .Slice 0) false}}", "false"}, {"{{or .Zero false}}", "false"},
        {"{{or (index .Slice 1) true}}", "1"}, {"{{or .One true}}", "1"}, {"{{not (index .Slice 0)}}", "true"},
        {"{{not .Zero}}", "true"}, {"{{not (index .Slice 1)}}", "false"}, {"{{not .One}}", "false"},
        {"{{eq (index .Slice 0) .Zero}}", "true"}, {"{{eq (index .Slice 1) .One}}", "true"},
        {"{{ne (index .Slice 0) .Zero}}", "false"}, {"{{ne (index .Slice 1) .One}}", "false"},
        {"{{ge (index .Slice 0) .One}}", "false"}, {"{{ge (index .Slice 1) .Zero}}", "true"},
        {"{{gt (index .Slice 0) .One}}", "false"}, {"{{gt (index .Slice 1) .Zero}}", "true"},
        {"{{le (index .Slice 0) .One}}", "true"}, {"{{le (index .Slice 1) .Zero}}", "false"},
        {"{{lt (index .Slice 0) .One}}", "true"}, {"{{lt (index .Slice 1) .Zero}}", "false"}};
    for (String[] c : iv) ok("interface values " + c[0], c[0], IFACES, c[1]);
    err("interface values index of untyped nil", "{{index .Nil 1}}", IFACES, "index of untyped nil");

    // --- TestFunctionCheckDuringCall (the cases without Go functions)
    err("call non-function", "{{call .True}}", T, "error calling call: non-function .True of type bool");
    err("call pipeline", "{{call (len \"test\")}}", null, "error calling call: non-function len \"test\" of type int");

    // --- whole messages: TestExecError, TestExecuteGivesExecError, TestMissingMapKey, TestMaxExecDepth, ...
    err("TestExecError", "line 1\nline 2\nline 3\n{{template \"one\" .}}\n{{define \"one\"}}{{template \"two\" .}}"
        + "{{end}}\n{{define \"two\"}}{{template \"three\" .}}{{end}}\n{{define \"three\"}}{{index \"hi\" $}}{{end}}",
        5L, "template: output:7:20: executing \"three\" at <index \"hi\" $>: error calling index: index out of range: 5");
    err("TestExecuteGivesExecError", "hello, {{.X.Y}}", 0L,
        "template: output:1:11: executing \"output\" at <.X.Y>: can't evaluate field X in type int64");
    ok("TestMissingMapKey", "{{.x}} {{.y}}", Map.of("x", 99L), "99 <no value>");
    err("TestMaxExecDepth", "{{template \"output\" .}}", null, "exceeded maximum template depth");
    ok("TestBlock", "a({{block \"inner\" .}}bar({{.}})baz{{end}})b", "hello", "a(bar(hello)baz)b");
    ok("TestTree (with {{ }})", "{{define \"tree\" -}}\n[\n\t{{- .Val -}}\n\t{{- with .Left -}}\n\t\t{{template \"tree\""
        + " . -}}\n\t{{- end -}}\n\t{{- with .Right -}}\n\t\t{{- template \"tree\" . -}}\n\t{{- end -}}\n]\n{{- end -}}\n"
        + "{{- template \"tree\" . -}}", ObjectMaps.parseJson("{\"Val\":1,\"Left\":{\"Val\":2,\"Left\":{\"Val\":3,"
        + "\"Left\":{\"Val\":4}},\"Right\":{\"Val\":5,\"Left\":{\"Val\":6}}},\"Right\":{\"Val\":7,\"Left\":{\"Val\":8,"
        + "\"Left\":{\"Val\":9}},\"Right\":{\"Val\":10,\"Left\":{\"Val\":11}}}}"),
        "[1[2[3[4]][5[6]]][7[8[9]][10[11]]]]");
    err("TestUnterminatedStringError", "hello\n\n{{`unterminated\n\n\n\n}}\n some more\n\n", null,
        "template: output:3: unterminated raw quoted string");
    err("template not defined", "{{template \"nope\"}}", null,
        "template: output:1:11: executing \"output\" at <{{template \"nope\"}}>: template \"nope\" not defined");

    // --- parse_test.go parseTests that parse (rendered where the data allows) and that fail
    for (String t : new String[] {"{{/*\n\n\n*/}}", " \t\n", "{{.X}}", "{{printf}}", "{{$}}",
        "{{with $x := 3}}{{$x 23}}{{end}}", "{{$.I}}", "{{printf `%d` 23}}", "{{.X|.Y}}", "{{$x := .X|.Y}}",
        "{{.X (.Y .Z) (.A | .B .C) (.E)}}", "{{(.Y .Z).Field}}", "{{if .X}}hello{{end}}",
        "{{if .X}}true{{else}}false{{end}}", "{{if .X}}true{{else if .Y}}false{{end}}",
        "+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+", "{{range .X}}hello{{end}}",
        "{{range .X.Y.Z}}hello{{end}}", "{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}",
        "{{range .X}}true{{else}}false{{end}}", "{{range .X|.M}}true{{else}}false{{end}}",
        "{{range .SI}}{{.}}{{end}}", "{{range $x := .SI}}{{.}}{{end}}", "{{range $x, $y := .SI}}{{.}}{{end}}",
        "{{range .SI}}{{.}}{{break}}{{end}}", "{{range .SI}}{{.}}{{continue}}{{end}}", "{{template `x`}}",
        "{{template `x` .Y}}", "{{with .X}}hello{{end}}", "{{with .X}}hello{{else}}goodbye{{end}}",
        "{{with .X}}hello{{else with .Y}}goodbye{{end}}", "{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}",
        "{{block \"foo\" .}}hello{{end}}", "{{ $x \n := \n 1 \n }}", "{{-\n/*\nhello\n*/\n-}}",
        "{{range .SI}}{{.}}{{ continue }}{{end}}", "{{range .SI}}{{.}}{{ break }}{{end}}", "{{$x := 0}}{{$x}}",
        "{{$x:=.}}{{$x +2}}", "{{range $x := 0}}{{$x}}{{end}}", "{{range $x = 0}}{{$x}}{{end}}".replace("$x = 0",
        "$x := 0"), "{{ (( 1 )) }}", "{{ ((( 1 ))) | printf }}", "{{ if ((( true ))) }}YES{{ end }}"}) {
      CASES.add(new Case("parses: " + t, t, null, null, false));
    }
    ok("trim left", "x \r\n\t{{- 3}}", null, "x3");
    ok("trim right", "{{3 -}}\n\n\ty", null, "3y");
    ok("trim left and right", "x \r\n\t{{- 3 -}}\n\n\ty", null, "x3y");
    ok("trim with extra spaces", "x\n{{-  3   -}}\ny", null, "x3y");
    ok("comment trim left", "x \r\n\t{{- /* hi */}}", null, "x");
    ok("comment trim right", "{{/* hi */ -}}\n\n\ty", null, "y");
    ok("comment trim left and right", "x \r\n\t{{- /* */ -}}\n\n\ty", null, "xy");
    ok("newline in pipeline", "{{\n\"x\"\n|\nprintf\n}}", null, "x");
    ok("minus number is not a trim marker", "{{-3}}", null, "-3");
    String[][] parseErrors = {
        {"{{}}", "missing value for command"}, {"hello{{range", "unclosed action"}, {"{{end}}", "unexpected {{end}}"},
        {"{{else}}", "unexpected {{else}}"}, {"{{if .X}}hello{{end}}{{else}}", "unexpected {{else}}"},
        {"{{if .X}}1{{else}}2{{else}}3{{end}}", "expected end; found {{else}}"},
        {"hello{{range .x}}", "unexpected EOF"}, {"hello{{range .x}}{{else}}", "unexpected EOF"},
        {"hello{{undefined}}", "function \"undefined\" not defined"}, {"{{$x}}", "undefined variable \"$x\""},
        {"{{with $x := 4}}{{end}}{{$x}}", "undefined variable \"$x\""},
        {"{{template $v}}", "unexpected \"$v\" in template clause"},
        {"{{with $x.Y := 4}}{{end}}", "undefined variable \"$x\""},
        {"{{template .X}}", "unexpected \".X\" in template clause"},
        {"{{printf 3, 4}}", "unexpected \",\" in operand"},
        {"{{with $v, $u := 3}}{{end}}", "too many declarations in with"},
        {"{{range $u, $v, $w := 3}}{{end}}", "too many declarations in range"},
        {"{{printf (printf .).}}", "unexpected <.> in operand"}, {"{{printf 3`x`}}", "unexpected \"`x`\" in operand"},
        {"{{printf `x`.}}", "unexpected <.> in operand"},
        {"{{if .X}}a{{else if .Y}}b{{end}}{{end}}", "unexpected {{end}}"},
        {"{{range .}}{{end}} {{break}}", "{{break}} outside {{range}}"},
        {"{{range .}}{{end}} {{continue}}", "{{continue}} outside {{range}}"},
        {"{{range .}}{{else}}{{break}}{{end}}", "{{break}} outside {{range}}"},
        {"{{range .}}{{else}}{{continue}}{{end}}", "{{continue}} outside {{range}}"},
        {"{{$x += 1}}{{$x}}", "undefined variable \"$x\""}, {"{{$x := 0}}{{$x ! 2}}", "unexpected \"!\" in operand"},
        {"{{range $x := $y := 3}}{{end}}", "undefined variable \"$y\""},
        {"{{$x:=.}}{{$x!2}}", "bad character U+0021 '!'"}, {"{{$x:=.}}{{$x+2}}", "bad character U+002B '+'"},
        {"{{1.E}}", "illegal number syntax: \"1.E\""}, {"{{0.1.E}}", "unexpected . after term \"0.1\""},
        {"{{true.E}}", "unexpected . after term \"true\""}, {"{{'a'.any}}", "unexpected . after term \"'a'\""},
        {"{{\"hello\".guys}}", "unexpected . after term \"\\\"hello\\\"\""},
        {"{{..E}}", "unexpected . after term \".\""}, {"{{nil.E}}", "unexpected . after term \"nil\""},
        {"{{12|.}}", "non executable command in pipeline stage 2"},
        {"{{.|12|printf}}", "non executable command in pipeline stage 2"},
        {"{{.|printf|\"error\"}}", "non executable command in pipeline stage 3"},
        {"{{12|printf|'e'}}", "non executable command in pipeline stage 3"},
        {"{{.|true}}", "non executable command in pipeline stage 2"},
        {"{{'c'|nil}}", "non executable command in pipeline stage 2"},
        {"{{printf \"%d\" ( ) }}", "missing value for parenthesized pipeline"},
        {"{{block \"foo\"}}hello{{end}}", "missing value for block clause"},
        {"{{\n}}", "missing value for command"},
        // errorTests
        {"line1\n{{", "template: output:2: unclosed action"},
        {"line1\n{{define `x`}}line2\n{{", "template: output:3: unclosed action"},
        {"line1\n{{\"x\"\n\"y\"\n", "template: output:4: unclosed action started at output:2"},
        {"{{\n\n\n\n\n", "template: output:6: unclosed action started at output:1"},
        {"line1\n{{\nx\n}}", "template: output:3: function \"x\" not defined"},
        {"{{foo}}", "template: output:1: function \"foo\" not defined"},
        {"{{/*}}", "template: output:1: unclosed comment"}, {"{{/*\nhello\n}}", "template: output:1: unclosed comment"},
        {"{{.X (1 2 3}}", "unclosed left paren"}, {"{{.X 1 2 3 ) }}", "unexpected right paren"},
        {"{{(.X 1 2 3", "unclosed action"}, {"{{`x`3}}", "in operand"}, {"{{a#}}", "bad character U+0023 '#'"},
        {"{{'a}}", "unterminated character constant"}, {"{{\"a}}", "unterminated quoted string"},
        {"{{`a}}", "unterminated raw quoted string"}, {"{{0xi}}", "number syntax"},
        {"{{define `a`}}a{{end}}{{define `a`}}b{{end}}", "template: multiple definition of template \"a\""},
        {"{{range .X}}", "unexpected EOF"}, {"{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}", "unexpected \":=\""},
        {"{{$a,$b,$c := 23}}", "too many declarations in command"}, {"{{$a}}", "undefined variable"},
        {"{{true.any}}", "unexpected . after term"}, {"{{12|false}}", "non executable command in pipeline"},
        {"{{ ( ) }}", "missing value for parenthesized pipeline"},
        {"{{ $v := `\n` }} {{", "template: output:2: unclosed action"},
        {"{{range $k}}{{end}}", "undefined variable"}, {"{{range $k, $v}}{{end}}", "undefined variable"},
        {"{{range $k,}}{{end}}", "missing value for range"}, {"{{range $k, $v := }}{{end}}", "missing value for range"},
        {"{{range $k, .}}{{end}}", "range can only initialize variables"},
        {"{{range $k, 123 := .}}{{end}}", "range can only initialize variables"},
        // kubectl's everyday slips
        {"{{.metadata.name}", "template: output:1: bad character U+007D '}'"},
        {"{{range .items}}{{.metadata.name}}", "template: output:1: unexpected EOF"}};
    for (String[] e : parseErrors) err("parse error: " + e[0], e[0], null, e[1]);

    // --- cli-runtime printers/template_test.go
    ok("kubectl: base64 decoding of secret data", "{{ .data.username | base64decode }}", SECRET, "hunter");
    err("kubectl: error path for base64 decoding", "{{ .data.bad | base64decode }}", SECRET,
        "error calling base64decode: base64 decode failed: illegal base64 data at input byte 0");
    ok("kubectl: 'eq' does not throw for numbers", "{{ eq .count 1}}", EVENT, "true");
    String exists = "{{if (exists . \"status\" \"containerStatuses\")}}{{range .status.containerStatuses}}{{if (and (eq"
        + " .name \"nginx\") (exists . \"state\" \"running\"))}}true{{end}}{{end}}{{end}}";
    ok("kubectl: exists (TestTemplateStrings)", "{{range .items}}" + exists + ";{{end}}", PODS, "true;;");
    err("kubectl: TestTemplatePanic", "{{and ((index .currentState.info \"foo\").state.running.startedAt) "
        + ".currentState.info.net.state.running.startedAt}}", PODS, "index of untyped nil");

    // --- kubectl-style use on a pod list and a Secret
    ok("names, one a line", "{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}", PODS, "web-1\njob-7\n");
    ok("label by index", "{{range .items}}{{index .metadata.labels \"app\"}} {{end}}", PODS, "web batch ");
    ok("missing label", "{{range .items}}{{index .metadata.labels \"tier\"}};{{end}}", PODS, "front;<no value>;");
    ok("missing field", "{{range .items}}{{.status.podIP}};{{end}}", PODS, "10.0.0.7;<no value>;");
    ok("missing path", "{{.metadata.foo.bar}}", PODS, "<no value>");
    ok("null field", "{{range .items}}{{.metadata.deletionTimestamp}};{{end}}", PODS, "<no value>;<no value>;");
    ok("phase test", "{{range .items}}{{if eq .status.phase \"Running\"}}{{.metadata.name}} is up{{else}}"
        + "{{.metadata.name}}: {{.status.phase}}{{end}}\n{{end}}", PODS, "web-1 is up\njob-7: Succeeded\n");
    ok("len of items", "{{len .items}}", PODS, "2");
    ok("integers stay integers", "{{range .items}}{{.metadata.generation}} {{end}}", PODS, "1 1 ");
    ok("floats print as Go's %v", "{{(index .items 1).status.cpu}} {{(index .items 1).status.big}}", PODS,
        "0.25 1e+06");
    ok("printf padding", "{{range .items}}{{printf \"%-8s|%5d|%05.2f|%q\\n\" .metadata.name"
        + " (len .spec.containers) 3.14159 .status.phase}}{{end}}", PODS,
        "web-1   |    2|03.14|\"Running\"\njob-7   |    1|03.14|\"Succeeded\"\n");
    ok("printf %v of a map and a list", "{{printf \"%v %v\" (index .items 0).metadata.labels"
        + " (index .items 0).spec.containers}}", PODS,
        "map[app:web tier:front] [map[image:nginx:1.27 name:nginx ports:[map[containerPort:80]]] "
        + "map[image:busybox name:sidecar]]");
    ok("printf with a wrong verb", "{{printf \"%d %s %x %t\" \"a\" 5 255 .kind}}", PODS,
        "%!d(string=a) %!s(int=5) ff %!t(string=List)");
    ok("printf missing and extra arguments", "{{printf \"%s %s\" \"a\"}}|{{printf \"%s\" \"a\" 1}}", null,
        "a %!s(MISSING)|a%!(EXTRA int=1)");
    ok("range over labels sorted", "{{range $k, $v := (index .items 0).metadata.labels}}{{$k}}={{$v}},{{end}}", PODS,
        "app=web,tier=front,");
    ok("range with index", "{{range $i, $c := (index .items 0).spec.containers}}{{$i}}:{{$c.name}} {{end}}", PODS,
        "0:nginx 1:sidecar ");
    ok("nested range", "{{range .items}}{{$pod := .metadata.name}}{{range .spec.containers}}{{$pod}}/{{.name}} "
        + "{{end}}{{end}}", PODS, "web-1/nginx web-1/sidecar job-7/worker ");
    ok("with on a condition", "{{range .items}}{{with .status.conditions}}{{(index . 0).type}}{{else}}none{{end}} "
        + "{{end}}", PODS, "Ready none ");
    ok("secret data decoded", "{{range $k, $v := .data}}{{if ne $k \"bad\"}}{{$k}}={{$v | base64decode}}\n{{end}}"
        + "{{end}}", SECRET, "password=s3cr3t!\nusername=hunter\n");
    ok("the whole object", "{{.metadata}}", SECRET, "map[name:db namespace:shop]");
    ok("comparisons of tree numbers", "{{range .items}}{{if gt (len .spec.containers) 1}}multi{{else}}single{{end}} "
        + "{{end}}", PODS, "multi single ");
    err("comparing a float with an int", "{{if gt (index .items 1).status.cpu 0}}{{end}}", PODS,
        "error calling gt: incompatible types for comparison: float64 and int");
    err("index out of range names the place", "{{index .items 5}}", PODS,
        "template: output:1:2: executing \"output\" at <index .items 5>: error calling index: index out of range: 5");
    err("a field of a string", "{{.kind.foo}}", PODS,
        "template: output:1:7: executing \"output\" at <.kind.foo>: can't evaluate field foo in type interface {}");
    err("a field of null", "{{range .items}}{{.metadata.deletionTimestamp.x}}{{end}}", PODS,
        "nil pointer evaluating interface {}.x");
  }

  static Stream<Arguments> cases() {
    return CASES.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersAsGo(Case c) {
    if (c.error()) {
      StepException e = assertThrows(StepException.class, () -> GoTemplate.parse(c.template()).render(c.data()));
      assertEquals(ExitCode.INVALID_INPUT, e.code());
      assertTrue(e.getMessage().contains(c.expected()), () -> "error \"" + e.getMessage() + "\" does not contain \""
          + c.expected() + "\"");
      assertTrue(e.getMessage().startsWith("template: "), e.getMessage());
    } else if (c.expected() == null) {
      GoTemplate.parse(c.template());
    } else {
      assertEquals(c.expected(), GoTemplate.parse(c.template()).render(c.data()));
    }
  }

  static Stream<Arguments> missingKeyErrors() {
    return Stream.of(
        Arguments.of("{{.x}} {{.y}}", Map.of("x", 99L),
            "template: output:1:9: executing \"output\" at <.y>: map has no entry for key \"y\""),
        Arguments.of("{{.metadata.foo.bar}}", PODS,
            "template: output:1:11: executing \"output\" at <.metadata.foo.bar>: map has no entry for key \"foo\""),
        Arguments.of("{{.x}}", null, "template: output:1:2: executing \"output\" at <.x>: nil data; no entry for key"
            + " \"x\""));
  }

  /** kubectl --allow-missing-template-keys=false: missingkey=error (TestMissingMapKey's last part). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("missingKeyErrors")
  void missingKeysAreErrorsWhenNotAllowed(String template, Object data, String message) {
    GoTemplate t = GoTemplate.parse(template).allowMissingKeys(false);
    StepException e = assertThrows(StepException.class, () -> t.render(data));
    assertEquals(message, e.getMessage());
  }
}
