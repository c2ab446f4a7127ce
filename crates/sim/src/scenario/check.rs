//! Checking a scenario file: every problem at once, each with its place in the file and the
//! rule it breaks.
//!
//! Structure (unknown keys, types, ranges, required fields, finite numbers) is checked by
//! walking the spanned TOML tree against the JSON Schema that `schemars` derives from the file
//! format — the same schema `vigil schema` prints — so the format has one source of truth.
//! Meaning (references, duplicates, orderings, reach of the time stamps) is checked on the
//! typed file afterwards, and located by its key path.

use super::file::ScenarioFile;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// The rule broken (`syntax`, `unknown-key`, `missing`, `type`, `range`, `finite`,
    /// `reference`, `duplicate`, `order`, `value`, `id`: an id outside the
    /// [safe set](super::ids), `budget`: more work than a run may take, `reach`: a launch that
    /// cannot be flown to its aim point).
    pub rule: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// A table key.
    Name(String),
    /// An array index.
    Index(usize),
}

/// Line and column (both 1-based, column in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Problem {
    /// The problem as a compiler shows one, for the file called `file_name` with this `text`:
    /// `file:line:col: error[rule]: message`, then the line and carets under the span (each
    /// line ended).
    pub fn render(&self, file_name: &str, text: &str) -> String {
        let (line, col) = line_col(text, self.span.start);
        let mut out = format!(
            "{file_name}:{line}:{col}: error[{}]: {}\n",
            self.rule, self.message
        );
        if let Some(source) = text.lines().nth(line - 1) {
            let width = text.get(self.span.clone()).map_or(1, |s| {
                s.lines().next().map_or(1, |l| l.chars().count().max(1))
            });
            let room = source.chars().count().saturating_sub(col - 1).max(1);
            let _ = writeln!(out, "{line:>5} | {source}");
            let _ = writeln!(
                out,
                "      | {}{}",
                " ".repeat(col - 1),
                "^".repeat(width.min(room))
            );
        }
        out
    }
}

/// At most this many problems are listed; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// The first [`MAX_LISTED_PROBLEMS`] problems [rendered](Problem::render), `… and N more` if
/// there are more, then `N problem(s) in <file_name>` (not ended).
pub fn render_problems(problems: &[Problem], file_name: &str, text: &str) -> String {
    let n = problems.len();
    let mut out: String = problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| p.render(file_name, text))
        .collect();
    if n > MAX_LISTED_PROBLEMS {
        let _ = writeln!(out, "… and {} more", n - MAX_LISTED_PROBLEMS);
    }
    let _ = write!(
        out,
        "{n} problem{} in {file_name}",
        if n == 1 { "" } else { "s" }
    );
    out
}

/// The JSON Schema of the scenario file format.
pub fn schema() -> Value {
    serde_json::to_value(schemars::schema_for!(ScenarioFile)).unwrap_or(Value::Null)
}

/// Parses and structurally checks `text`. Returns the problems found and, unless the
/// `[scenario]` table itself is unusable, the file with every entry that could be read (entries
/// with problems are left out, so checks of meaning can still run on the rest) together with
/// the spanned tree for locating later problems.
pub fn parse(text: &str) -> (Option<(ScenarioFile, Spanned<DeTable<'_>>)>, Vec<Problem>) {
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut problems: Vec<Problem> = errors
        .iter()
        .map(|e| Problem {
            span: e.span().unwrap_or(0..0),
            rule: "syntax",
            message: e.message().to_string(),
        })
        .collect();
    if !problems.is_empty() {
        return (None, problems);
    }
    let schema = schema();
    Walker { root: &schema }.table(
        &schema,
        root.get_ref(),
        root.span(),
        "the file",
        &mut problems,
    );
    references(root.get_ref(), &mut problems);
    let file = read_entries(text.len(), root.get_ref(), &mut problems);
    problems.sort_by_key(|p| (p.span.start, p.span.end));
    problems.dedup();
    (file.map(|f| (f, root)), problems)
}

/// Deserialises the file entry by entry, keeping what can be read. A serde error is reported
/// only where the schema walk found nothing wrong in that entry (which runs from its start to
/// the next entry's start: the span of a `[[table]]` entry covers only its header).
fn read_entries(
    end: usize,
    root: &DeTable<'_>,
    problems: &mut Vec<Problem>,
) -> Option<ScenarioFile> {
    let mut starts: Vec<usize> = root
        .iter()
        .flat_map(|(_, v)| match v.get_ref() {
            DeValue::Array(a) => a.iter().map(|e| e.span().start).collect::<Vec<_>>(),
            _ => vec![v.span().start],
        })
        .collect();
    starts.sort_unstable();
    let extent = move |start: usize| {
        start
            ..starts[starts.partition_point(|s| *s <= start)..]
                .first()
                .copied()
                .unwrap_or(end)
    };
    // Where the structural problems start, sorted (those found while reading an entry lie
    // inside that entry, so they never concern another).
    let mut found: Vec<usize> = problems.iter().map(|p| p.span.start).collect();
    found.sort_unstable();
    // Whether the entry at `v` is free of structural problems.
    let clean = |v: &Spanned<DeValue<'_>>| -> bool {
        let here = extent(v.span().start);
        let first = found[found.partition_point(|s| *s < here.start)..].first();
        first.is_none_or(|s| *s >= here.end)
    };
    fn read<T: serde::de::DeserializeOwned>(
        v: &Spanned<DeValue<'_>>,
        report: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        match T::deserialize(toml::de::ValueDeserializer::from(v.clone())) {
            Ok(x) => Some(x),
            Err(e) => {
                let span = v.span();
                if report {
                    problems.push(Problem {
                        span: e.span().unwrap_or(span),
                        rule: "value",
                        message: e.message().to_string(),
                    });
                }
                None
            }
        }
    }
    let list = |key: &str, problems: &mut Vec<Problem>| -> Vec<Spanned<DeValue<'_>>> {
        match root
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v.get_ref())
        {
            Some(DeValue::Array(a)) => a.iter().cloned().collect(),
            _ => {
                let _ = problems;
                Vec::new()
            }
        }
    };
    macro_rules! entries {
        ($key:expr) => {{
            let mut out = Vec::new();
            for e in list($key, problems) {
                let report = clean(&e);
                if let Some(x) = read(&e, report, problems) {
                    out.push(x);
                }
            }
            out
        }};
    }
    // A missing `[scenario]` is reported by the schema walk ("the file is missing
    // `scenario`"); one that is there but unreadable, by the problems inside it.
    let header = root
        .iter()
        .find(|(k, _)| k.get_ref() == "scenario")
        .and_then(|(_, v)| read(v, clean(v), problems));
    if header.is_none() && problems.is_empty() {
        problems.push(problem(
            0..0,
            "missing",
            "the [scenario] table cannot be read".into(),
        ));
    }
    Some(ScenarioFile {
        scenario: header?,
        network: entries!("network"),
        sensor: entries!("sensor"),
        missile: entries!("missile"),
        launch: entries!("launch"),
        defended_area: entries!("defended_area"),
        architecture: entries!("architecture"),
        false_events: root
            .iter()
            .find(|(k, _)| k.get_ref() == "false_events")
            .and_then(|(_, v)| read(v, clean(v), problems))
            .unwrap_or_default(),
    })
}

/// Checks ids and the references between entries on the raw tree, so that entries with other
/// problems still take part: ids outside the [safe set](super::ids), duplicate ids in each
/// list, sensors' networks, launches' missile classes and architectures' networks.
fn references(root: &DeTable<'_>, problems: &mut Vec<Problem>) {
    let entries = |key: &str| -> Vec<&DeTable<'_>> {
        match root
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v.get_ref())
        {
            Some(DeValue::Array(a)) => a.iter().filter_map(|e| e.get_ref().as_table()).collect(),
            _ => Vec::new(),
        }
    };
    let field = |t: &DeTable<'_>, name: &str| -> Option<(String, Range<usize>)> {
        t.iter()
            .find(|(k, _)| k.get_ref() == name)
            .and_then(|(_, v)| v.get_ref().as_str().map(|s| (s.to_string(), v.span())))
    };
    let ids = |key: &str| -> Vec<String> {
        entries(key)
            .iter()
            .filter_map(|t| field(t, "id").map(|x| x.0))
            .collect()
    };
    for key in [
        "network",
        "sensor",
        "missile",
        "launch",
        "defended_area",
        "architecture",
    ] {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for t in entries(key) {
            if let Some((id, span)) = field(t, "id") {
                if let Some(why) = super::ids::id_problem(&id) {
                    problems.push(problem(
                        span.clone(),
                        "id",
                        format!(
                            "{key} id {id:?} is not a safe id: {why}; ids name files and fill CSV cells, so they take 1 to {} characters from A-Z a-z 0-9 _ . - and do not start with '.' or '-'",
                            super::ids::MAX_ID_LEN
                        ),
                    ));
                }
                if !seen.insert(id.clone()) {
                    problems.push(problem(
                        span,
                        "duplicate",
                        format!("{key} id {id:?} is used twice"),
                    ));
                }
            }
        }
    }
    let networks = ids("network");
    // At most a dozen names, so that messages stay short however long the lists.
    let known = |list: &[String]| match list.len() {
        0 => "none".to_string(),
        n if n <= 12 => list.join(", "),
        n => format!("{}, … ({n} in all)", list[..12].join(", ")),
    };
    let network_set: BTreeSet<&str> = networks.iter().map(String::as_str).collect();
    for t in entries("sensor") {
        if let Some((n, span)) = field(t, "network") {
            if !network_set.contains(n.as_str()) {
                let hint = closest(&n, &networks.iter().map(String::as_str).collect::<Vec<_>>())
                    .map(|c| format!(" (did you mean {c:?}?)"))
                    .unwrap_or_default();
                problems.push(problem(
                    span,
                    "reference",
                    format!(
                        "network {n:?} is not defined by any [[network]]{hint}; known: {}",
                        known(&networks)
                    ),
                ));
            }
        }
    }
    let mut classes: Vec<String> = vigil_flight::vehicle::builtin_classes()
        .into_iter()
        .map(|c| c.id)
        .collect();
    classes.extend(ids("missile"));
    let class_set: BTreeSet<&str> = classes.iter().map(String::as_str).collect();
    for t in entries("launch") {
        if let Some((m, span)) = field(t, "missile") {
            if !class_set.contains(m.as_str()) {
                problems.push(problem(span, "reference", format!("missile class {m:?} is neither built in nor defined by a [[missile]]; known: {}", known(&classes))));
            }
        }
    }
    for t in entries("architecture") {
        if let Some((_, v)) = t.iter().find(|(k, _)| k.get_ref() == "networks") {
            if let DeValue::Array(a) = v.get_ref() {
                for n in a.iter() {
                    if let Some(name) = n.get_ref().as_str() {
                        if !network_set.contains(name) {
                            problems.push(problem(
                                n.span(),
                                "reference",
                                format!(
                                    "network {name:?} is not defined by any [[network]]; known: {}",
                                    known(&networks)
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
}

/// Span of the value at `path` in scenario `text` (or of its nearest existing parent), for
/// problems found after the scenario was built.
pub fn locate(text: &str, path: &[Key]) -> Range<usize> {
    span_of(&DeTable::parse_recoverable(text).0, path)
}

/// Span of the value at `path` (or of its nearest existing parent).
pub fn span_of(root: &Spanned<DeTable<'_>>, path: &[Key]) -> Range<usize> {
    let mut span = root.span();
    let mut here: Option<&DeValue<'_>> = None;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    for key in path {
        let next = match (key, table, here) {
            (Key::Name(n), Some(t), _) => t.iter().find(|(k, _)| k.get_ref() == n).map(|(_, v)| v),
            (Key::Index(i), _, Some(DeValue::Array(a))) => a.get(*i),
            _ => None,
        };
        let Some(v) = next else { break };
        span = v.span();
        here = Some(v.get_ref());
        table = v.get_ref().as_table();
    }
    span
}

/// Walks a spanned TOML tree against a JSON Schema.
struct Walker<'s> {
    root: &'s Value,
}

impl<'s> Walker<'s> {
    /// Follows `$ref`s to the schema node they name.
    fn resolve(&self, mut node: &'s Value) -> &'s Value {
        for _ in 0..16 {
            let Some(r) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(name) = r.strip_prefix("#/$defs/") else {
                break;
            };
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    fn value(
        &self,
        node: &'s Value,
        v: &DeValue<'_>,
        span: Range<usize>,
        what: &str,
        out: &mut Vec<Problem>,
    ) {
        let node = self.resolve(node);
        if let Some(all) = node.get("allOf").and_then(Value::as_array) {
            for n in all {
                self.value(n, v, span.clone(), what, out);
            }
        }
        if let Some(branches) = node
            .get("oneOf")
            .or_else(|| node.get("anyOf"))
            .and_then(Value::as_array)
        {
            self.one_of(branches, v, span, what, out);
            return;
        }
        if let Some(c) = node.get("const") {
            if !same(c, v) {
                out.push(problem(span, "value", format!("{what} must be {c}")));
            }
            return;
        }
        if let Some(options) = node.get("enum").and_then(Value::as_array) {
            if !options.iter().any(|o| same(o, v)) {
                let list: Vec<String> = options.iter().map(Value::to_string).collect();
                out.push(problem(
                    span,
                    "value",
                    format!("{what} must be one of {}", list.join(", ")),
                ));
            }
            return;
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return,
        };
        let kind = type_of(v);
        let accepted = types
            .iter()
            .any(|t| *t == kind || (*t == "number" && kind == "integer"));
        if !accepted {
            let expected: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
            out.push(problem(
                span,
                "type",
                format!(
                    "{what} must be {}, not {}",
                    expected.join(" or "),
                    article(kind)
                ),
            ));
            return;
        }
        match v {
            DeValue::Table(t) => self.table(node, t, span, what, out),
            DeValue::Array(a) => {
                if let Some(items) = node.get("items") {
                    for (i, item) in a.iter().enumerate() {
                        self.value(
                            items,
                            item.get_ref(),
                            item.span(),
                            &format!("{what}[{}]", i + 1),
                            out,
                        );
                    }
                }
                if let Some(min) = node.get("minItems").and_then(Value::as_u64) {
                    if (a.len() as u64) < min {
                        out.push(problem(
                            span,
                            "range",
                            format!("{what} needs at least {min} entries"),
                        ));
                    }
                }
            }
            DeValue::Integer(_) | DeValue::Float(_) => self.number(node, v, span, what, out),
            _ => {}
        }
    }

    fn number(
        &self,
        node: &Value,
        v: &DeValue<'_>,
        span: Range<usize>,
        what: &str,
        out: &mut Vec<Problem>,
    ) {
        // Whole numbers are compared exactly with the range of their type (2⁶⁴ reads as
        // 2⁶⁴ − 1 in floating point, and beyond 2¹²⁷ not at all).
        if let (DeValue::Integer(i), Some((lo, hi))) = (v, integer_range(node)) {
            if integer_of(v).is_none_or(|n| n < lo || n > hi) {
                out.push(problem(
                    span,
                    "range",
                    format!(
                        "{what} = {} is out of range: it must be a whole number between {lo} and {hi}",
                        i.as_str()
                    ),
                ));
                return;
            }
        }
        let Some(x) = number_of(v) else {
            out.push(problem(
                span,
                "value",
                format!("{what} is not a readable number"),
            ));
            return;
        };
        if !x.is_finite() {
            out.push(problem(
                span,
                "finite",
                format!("{what} must be a finite number, not {x}"),
            ));
            return;
        }
        let min = node.get("minimum").and_then(Value::as_f64);
        let max = node.get("maximum").and_then(Value::as_f64);
        let outside = min.is_some_and(|m| x < m) || max.is_some_and(|m| x > m);
        if outside {
            let range = match (min, max) {
                (Some(a), Some(b)) => format!("between {a} and {b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("at most {b}"),
                _ => String::new(),
            };
            out.push(problem(
                span,
                "range",
                format!("{what} = {x} is out of range: it must be {range}"),
            ));
        }
    }

    fn table(
        &self,
        node: &'s Value,
        t: &DeTable<'_>,
        span: Range<usize>,
        what: &str,
        out: &mut Vec<Problem>,
    ) {
        let node = self.resolve(node);
        let props = node.get("properties").and_then(Value::as_object);
        let closed = node.get("additionalProperties") == Some(&Value::Bool(false));
        for (k, v) in t.iter() {
            let name = k.get_ref().as_ref();
            match props.and_then(|p| p.get(name)) {
                Some(sub) => self.value(sub, v.get_ref(), v.span(), &format!("`{name}`"), out),
                None if closed => {
                    let known: Vec<&str> = props
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let hint = closest(name, &known)
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    out.push(problem(
                        k.span(),
                        "unknown-key",
                        format!(
                            "unknown key `{name}` in {what}{hint}; known keys: {}",
                            known.join(", ")
                        ),
                    ));
                }
                None => {}
            }
        }
        if let Some(required) = node.get("required").and_then(Value::as_array) {
            for r in required.iter().filter_map(Value::as_str) {
                if !t.iter().any(|(k, _)| k.get_ref().as_ref() == r) {
                    out.push(problem(
                        span.clone(),
                        "missing",
                        format!("{what} is missing `{r}`"),
                    ));
                }
            }
        }
    }

    /// A tagged union: pick the branch whose `kind` matches; otherwise the closest branch.
    fn one_of(
        &self,
        branches: &'s [Value],
        v: &DeValue<'_>,
        span: Range<usize>,
        what: &str,
        out: &mut Vec<Problem>,
    ) {
        let branches: Vec<&Value> = branches.iter().map(|b| self.resolve(b)).collect();
        let tag_of = |b: &Value| {
            b.pointer("/properties/kind/const")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let tags: Vec<String> = branches.iter().filter_map(|b| tag_of(b)).collect();
        if !tags.is_empty() {
            let kind = v.as_table().and_then(|t| {
                t.iter()
                    .find(|(k, _)| k.get_ref() == "kind")
                    .map(|(_, v)| v)
            });
            match kind.and_then(|k| k.get_ref().as_str().map(|s| (s.to_string(), k.span()))) {
                Some((k, kspan)) => {
                    match branches.iter().find(|b| tag_of(b).as_deref() == Some(&k)) {
                        Some(b) => self.value(b, v, span, what, out),
                        None => out.push(problem(
                            kspan,
                            "value",
                            format!(
                                "`kind` of {what} must be one of {}, not {k:?}",
                                tags.join(", ")
                            ),
                        )),
                    }
                }
                None => out.push(problem(
                    span,
                    "missing",
                    format!("{what} needs a `kind`: one of {}", tags.join(", ")),
                )),
            }
            return;
        }
        // Untagged: accept the first branch without problems, else report the closest one.
        let mut best: Option<Vec<Problem>> = None;
        for b in branches {
            let mut p = Vec::new();
            self.value(b, v, span.clone(), what, &mut p);
            if p.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|q| p.len() < q.len()) {
                best = Some(p);
            }
        }
        out.extend(best.unwrap_or_default());
    }
}

fn problem(span: Range<usize>, rule: &'static str, message: String) -> Problem {
    Problem {
        span,
        rule,
        message,
    }
}

fn type_of(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "number",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(_) => "datetime",
        DeValue::Array(_) => "array",
        DeValue::Table(_) => "object",
    }
}

fn article(kind: &str) -> String {
    match kind {
        "object" => "a table".into(),
        "array" => "an array".into(),
        "integer" => "an integer".into(),
        k => format!("a {k}"),
    }
}

/// The exact value of a TOML integer (underscores, radix prefixes), or None if it is not one or
/// lies beyond ±2¹²⁷.
fn integer_of(v: &DeValue<'_>) -> Option<i128> {
    let DeValue::Integer(i) = v else { return None };
    let s = i.as_str().replace('_', "");
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.trim_start_matches('+')),
    };
    let digits = if i.radix() == 10 {
        body
    } else {
        body.get(2..).unwrap_or("")
    };
    let x = i128::from_str_radix(digits, i.radix()).ok()?;
    Some(if neg { -x } else { x })
}

/// The whole numbers a schema node of integer type takes: its `format`'s range (`uint64`,
/// `int32`, …) narrowed by its `minimum` and `maximum`; None when it has no integer format.
fn integer_range(node: &Value) -> Option<(i128, i128)> {
    let (lo, hi): (i128, i128) = match node.get("format").and_then(Value::as_str)? {
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" | "uint" => (0, u64::MAX.into()),
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "int64" | "int" => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    };
    // Schema bounds are whole numbers here; `as` saturates and NaN never occurs in a schema.
    let min = node
        .get("minimum")
        .and_then(Value::as_f64)
        .map(|m| m.ceil() as i128);
    let max = node
        .get("maximum")
        .and_then(Value::as_f64)
        .map(|m| m.floor() as i128);
    Some((min.map_or(lo, |m| m.max(lo)), max.map_or(hi, |m| m.min(hi))))
}

/// The numeric value of a TOML integer or float (underscores, radix prefixes, inf and nan).
fn number_of(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(_) => integer_of(v).map(|x| x as f64),
        DeValue::Float(f) => {
            let s = f.as_str().replace('_', "");
            match s.trim_start_matches('+') {
                "inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                "nan" | "-nan" => Some(f64::NAN),
                t => t.parse().ok(),
            }
        }
        _ => None,
    }
}

fn same(expected: &Value, v: &DeValue<'_>) -> bool {
    match (expected, v) {
        (Value::String(a), DeValue::String(b)) => a == b.as_ref(),
        (Value::Bool(a), DeValue::Boolean(b)) => a == b,
        (Value::Number(a), _) => number_of(v).zip(a.as_f64()).is_some_and(|(x, y)| x == y),
        _ => false,
    }
}

/// The known key nearest to `name` by edit distance, if close enough to be a typo.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem is shown with its place, rule, line and carets under the span (one caret for
    /// an empty span, none past the end of the line), then the count.
    #[test]
    fn problems_render_like_a_compiler() {
        let text = "[scenario]\nname = 3\nseed = \"x\"";
        let problem = |span: Range<usize>, rule| Problem {
            span,
            rule,
            message: "wrong".into(),
        };
        let two = [problem(18..19, "type"), problem(20..20, "missing")];
        assert_eq!(
            render_problems(&two, "a.toml", text),
            "a.toml:2:8: error[type]: wrong\n    2 | name = 3\n      |        ^\n\
             a.toml:3:1: error[missing]: wrong\n    3 | seed = \"x\"\n      | ^\n\
             2 problems in a.toml"
        );
        assert_eq!(
            problem(27..30, "value").render("a.toml", text),
            "a.toml:3:8: error[value]: wrong\n    3 | seed = \"x\"\n      |        ^^^\n"
        );
        assert_eq!(render_problems(&[], "b", text), "0 problems in b");
    }
}
