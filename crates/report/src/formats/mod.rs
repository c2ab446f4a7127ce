//! Vigil's file formats, so that a library user writes (and reads back) exactly the files of
//! the `vigil` commands with one call each.
//!
//! * [`report_json`]: `report.json` of `vigil run` (schema 1.0, `docs/report-schema.md`).
//! * [`alerts`], [`tracks`], [`detections`]: the CSV (and JSON Lines) files of a run.
//! * [`montecarlo`]: `runs.csv` (written in blocks, read back and merged from shards) and
//!   `summary.csv`; with the feature `parquet`, `runs_parquet` writes `runs.parquet`.
//! * [`sweep`]: `points.csv` (shards and merging), `sweep.geojson` and the sweep's maps.
//! * [`flight`]: the JSON and CSV of `vigil propagate` and `vigil trajectory`.
//! * [`tables`]: the text tables the commands print.
//!
//! CSV files are written with the `csv` crate: a header line, fields quoted when they hold a
//! comma, quote or line break, `\n` line ends, numbers with the fixed decimals of each column
//! (or the shortest decimal that reads back exactly, where a file is read back). Readers check
//! the header, the number of fields, the types and finiteness of numbers, and name the file
//! and line of the first problem.

pub mod alerts;
pub mod detections;
pub mod flight;
pub mod montecarlo;
pub mod predictions;
pub mod report_json;
#[cfg(feature = "parquet")]
pub mod runs_parquet;
pub mod sweep;
pub mod tables;
pub mod tracks;

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use std::path::{Path, PathBuf};
use vigil_sensors::Truth;
use vigil_sim::scenario::Scenario;

/// Why a file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Reading the file failed.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing the file failed.
    #[error("writing {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file's content is wrong at a line.
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Line number, from 1.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Files that are each valid do not fit together (e.g. shards that overlap or leave gaps).
    #[error("{0}")]
    Inconsistent(String),
    /// The file is larger than Vigil reads of its kind (see [`read_limited`]).
    #[error("{}: larger than {} MiB; {what}", path.display(), limit >> 20)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, bytes.
        limit: u64,
        /// What such files hold, and what to do instead.
        what: &'static str,
    },
    /// The file is not UTF-8 text: the place of its first bad byte.
    #[error("{}:{line}:{column}: error[encoding]: not UTF-8 text (byte 0x{byte:02x})", path.display())]
    Encoding {
        /// The file.
        path: PathBuf,
        /// Line of the bad byte, from 1.
        line: usize,
        /// Its column in characters, from 1.
        column: usize,
        /// The bad byte.
        byte: u8,
    },
}

/// Largest data file read whole (`track --input` measurements, Monte Carlo `runs.csv` and
/// sweep `points.csv` shards, manifests), bytes: 256 MiB, about 4 million measurement rows or
/// 2 million Monte Carlo rows, and a bound on what a wrong path (`/dev/zero`) can take.
pub const MAX_DATA_BYTES: u64 = 256 << 20;

/// What a data file too large to read holds, and what to do instead.
const DATA_FILE: &str = "the most Vigil reads of a data file (split the work: shard a Monte Carlo run or a sweep, or track the measurements in parts)";

/// The bytes of `path`, refused (without reading further) beyond `limit` bytes, so that an
/// endless file (`/dev/zero`) or a wrong one cannot exhaust memory; `what` says what such
/// files hold, for the message.
pub fn read_limited(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>, FormatError> {
    use std::io::Read as _;
    let cannot = |source| FormatError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(FormatError::TooLarge {
            path: path.to_path_buf(),
            limit,
            what,
        });
    }
    Ok(bytes)
}

/// `bytes` read from `path` as text, or the line and column of the first byte that is not
/// UTF-8.
pub fn utf8_text(path: &Path, bytes: Vec<u8>) -> Result<String, FormatError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..at]);
        let (line, column) = vigil_sim::scenario::check::line_col(&before, at);
        FormatError::Encoding {
            path: path.to_path_buf(),
            line,
            column,
            byte: bytes[at],
        }
    })
}

impl FormatError {
    fn write(path: &Path, source: impl Into<std::io::Error>) -> Self {
        FormatError::Write {
            path: path.to_path_buf(),
            source: source.into(),
        }
    }

    fn invalid(path: &Path, line: u64, message: impl Into<String>) -> Self {
        FormatError::Invalid {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

/// A file being written under a temporary name beside its own (`.<name>.part`) and renamed to
/// its name by [`PartFile::commit`] once complete: a reader never sees a file cut short, and a
/// write that fails (a full disk) or is abandoned leaves no file behind, because a `PartFile`
/// dropped uncommitted removes its temporary file. Every file Vigil writes goes through here.
/// A path that exists and is not a plain file (`/dev/stdout`, a pipe, a symbolic link) is
/// written in place instead, never replaced.
pub struct PartFile {
    file: Option<std::io::BufWriter<std::fs::File>>,
    part: PathBuf,
    path: PathBuf,
}

impl PartFile {
    /// Starts writing `path` (its temporary file is created, replacing a stale one).
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let name = path.file_name().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name")
        })?;
        let special = std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file());
        let part = if special {
            path.to_path_buf()
        } else {
            path.with_file_name(part_name(name))
        };
        let file = std::fs::File::create(&part)?;
        Ok(PartFile {
            file: Some(std::io::BufWriter::new(file)),
            part,
            path: path.to_path_buf(),
        })
    }

    /// The file's own name (what [`commit`](Self::commit) renames to).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file and gives it its name, replacing any file of that name; on failure the
    /// temporary file is removed.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let flushed = file
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error);
        if self.part == self.path {
            return flushed.map(drop);
        }
        let done = flushed.and_then(|_| std::fs::rename(&self.part, &self.path));
        if done.is_err() {
            std::fs::remove_file(&self.part).ok();
        }
        done
    }
}

impl std::io::Write for PartFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if self.file.take().is_some() && self.part != self.path {
            std::fs::remove_file(&self.part).ok();
        }
    }
}

/// Writes `bytes` as the file `path`, through a [`PartFile`].
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = PartFile::create(path)?;
    std::io::Write::write_all(&mut f, bytes)?;
    f.commit()
}

/// A CSV file being written: the header, then one record per row; it takes its name only when
/// [`finish`](Self::finish)ed (a [`PartFile`]).
pub struct CsvFile {
    w: csv::Writer<PartFile>,
    path: PathBuf,
}

impl CsvFile {
    /// Starts writing `path` and writes the header line.
    pub fn create<H: AsRef<[u8]>>(
        path: &Path,
        header: impl IntoIterator<Item = H>,
    ) -> Result<Self, FormatError> {
        let file = PartFile::create(path).map_err(|e| FormatError::write(path, e))?;
        let mut out = CsvFile {
            w: csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(file),
            path: path.to_path_buf(),
        };
        out.record(header)?;
        Ok(out)
    }

    /// Writes one row, a struct whose fields are the columns in header order.
    pub fn row(&mut self, row: &impl Serialize) -> Result<(), FormatError> {
        self.w
            .serialize(row)
            .map_err(|e| FormatError::write(&self.path, e))
    }

    /// Writes one record of text fields.
    pub fn record<F: AsRef<[u8]>>(
        &mut self,
        fields: impl IntoIterator<Item = F>,
    ) -> Result<(), FormatError> {
        self.w
            .write_record(fields)
            .map_err(|e| FormatError::write(&self.path, e))
    }

    /// Flushes the file and gives it its name.
    pub fn finish(self) -> Result<(), FormatError> {
        let path = self.path;
        self.w
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(PartFile::commit)
            .map_err(|e| FormatError::write(&path, e))
    }
}

/// Writes a CSV file: `header`, then `rows`.
pub(crate) fn write_csv<R: Serialize>(
    path: &Path,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<(), FormatError> {
    let mut f = CsvFile::create(path, header)?;
    for r in rows {
        f.row(&r)?;
    }
    f.finish()
}

/// The records of CSV file `path` after its header, which must be `header`, each with its
/// line number. A last line without its line end (a file cut while written) is refused.
pub(crate) fn read_csv<H: AsRef<str>>(
    path: &Path,
    header: &[H],
) -> Result<Vec<(u64, csv::StringRecord)>, FormatError> {
    let bytes = read_limited(path, MAX_DATA_BYTES, DATA_FILE)?;
    let expected = header
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(",");
    if bytes.last() != Some(&b'\n') {
        let lines = bytes.split(|b| *b == b'\n').count() as u64;
        return Err(FormatError::invalid(
            path,
            lines,
            if bytes.is_empty() {
                format!("empty file; expected the header {expected}")
            } else {
                "the last row is cut short (no line end)".into()
            },
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut records = reader.records();
    let first = records
        .next()
        .transpose()
        .map_err(|e| csv_error(path, &e, header))?;
    if first
        .as_ref()
        .is_none_or(|h| !h.iter().eq(header.iter().map(AsRef::as_ref)))
    {
        return Err(FormatError::invalid(
            path,
            1,
            format!("expected the header {expected}"),
        ));
    }
    records
        .map(|r| {
            let r = r.map_err(|e| csv_error(path, &e, header))?;
            Ok((r.position().map_or(0, csv::Position::line), r))
        })
        .collect()
}

/// The records of free-form CSV `text` read from `path`: `#` lines are comments, fields are
/// trimmed and rows may differ in length; each with its line number.
pub(crate) fn read_csv_lines(
    path: &Path,
    text: &str,
) -> Result<Vec<(u64, csv::StringRecord)>, FormatError> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .map(|r| {
            let r = r.map_err(|e| csv_error(path, &e, &[] as &[&str]))?;
            Ok((r.position().map_or(0, csv::Position::line), r))
        })
        .collect()
}

/// A CSV row type that is read back.
pub(crate) trait ReadRow: DeserializeOwned {
    /// Its columns, in order.
    const HEADER: &'static [&'static str];
    /// The columns holding numbers, which must be finite where not empty.
    const NUMBERS: &'static [&'static str];
}

/// Deserializes `record` (at `line` of `path`) into a row, refusing NaN and infinities in its
/// number columns.
pub(crate) fn parse_row<R: ReadRow>(
    path: &Path,
    line: u64,
    record: &csv::StringRecord,
) -> Result<R, FormatError> {
    for (name, field) in R::HEADER.iter().zip(record) {
        if let Some(x) = field
            .parse::<f64>()
            .ok()
            .filter(|_| R::NUMBERS.contains(name))
        {
            num::check(x)
                .map_err(|m| FormatError::invalid(path, line, format!("column {name}: {m}")))?;
        }
    }
    let names = csv::StringRecord::from(R::HEADER.to_vec());
    record.deserialize(Some(&names)).map_err(|e| {
        let mut located = csv_error(path, &e, R::HEADER);
        if let FormatError::Invalid {
            line: l, message, ..
        } = &mut located
        {
            *l = line;
            if let csv::ErrorKind::Deserialize { err, .. } = e.kind() {
                let field = err.field().and_then(|k| record.get(k as usize));
                *message += &field.map_or(String::new(), |f| format!(": {f:?}"));
            }
        }
        located
    })
}

/// A CSV error as a located message, naming the column when known.
fn csv_error<H: AsRef<str>>(path: &Path, e: &csv::Error, header: &[H]) -> FormatError {
    let line = e.position().map_or(0, csv::Position::line);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len} (a cut row?)"),
        csv::ErrorKind::Deserialize { err, .. } => {
            let column = err
                .field()
                .and_then(|k| header.get(k as usize))
                .map_or(String::new(), |h| format!("column {}: ", h.as_ref()));
            format!("{column}{}", err.kind())
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".into(),
        _ => e.to_string(),
    };
    FormatError::invalid(path, line, message)
}

/// Serde helpers for the numbers of Vigil's files.
pub(crate) mod num {
    use super::*;

    /// `P` decimals.
    pub fn fixed<const P: usize, S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:.*}", P, x))
    }

    /// `P` decimals, or an empty field.
    pub fn opt_fixed<const P: usize, S: Serializer>(
        x: &Option<f64>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match x {
            Some(x) => fixed::<P, S>(x, s),
            None => s.serialize_none(),
        }
    }

    /// The shortest decimal that reads back as the same `f64` (no exponent).
    pub fn exact<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(x)
    }

    /// [`exact`], or an empty field.
    pub fn opt_exact<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match x {
            Some(x) => s.collect_str(x),
            None => s.serialize_none(),
        }
    }

    /// `x` if finite, else why not.
    pub fn check(x: f64) -> Result<f64, String> {
        if x.is_finite() {
            Ok(x)
        } else {
            Err(format!("{x} is not a finite number"))
        }
    }
}

/// Rounds to a fixed number of decimals (JSON outputs that are meant to be read by eye).
pub fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

/// The truth of a detection or track update as files name it: `<launch id>/<object>`,
/// `false-alarm`, or `phantom/<object>` (data staged by an exercise inject; the event log
/// names the inject).
pub fn truth_label(s: &Scenario, t: &Truth) -> String {
    match t {
        Truth::FalseAlarm => "false-alarm".into(),
        Truth::Phantom { object, .. } => format!("phantom/{object}"),
        Truth::Object { launch, object } => {
            format!("{}/{}", s.launches[*launch as usize].id, object)
        }
    }
}

/// File name of the manifest of an output folder (Monte Carlo, sweep): written last, so a
/// folder without one is unfinished.
pub const MANIFEST: &str = "manifest.json";

/// Writes `manifest` as `dir/manifest.json`.
pub(crate) fn write_manifest(dir: &Path, manifest: &impl Serialize) -> Result<(), FormatError> {
    write_pretty_json(&dir.join(MANIFEST), manifest)
}

/// The temporary name [`PartFile`] writes `name` under: `.<name>.part`.
fn part_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut part = std::ffi::OsString::from(".");
    part.push(name);
    part.push(".part");
    part
}

/// `manifest-<product>.json`, the manifest of the files of one product (`detections`,
/// `track`, `coverage-500km`) in a folder shared with others (`detections`, `track` and
/// `coverage` write into the scenario's folder beside `vigil run`): each product cleans and
/// marks only its own files.
pub fn command_manifest_name(product: &str) -> String {
    format!("manifest-{product}.json")
}

/// The manifest of the files of `vigil detections`, `track` or `coverage`
/// ([`command_manifest_name`]), written last, once every file is: the scenario, seed, run,
/// how far the scenario was simulated, the files written and whether the work is complete
/// (false: stopped by a signal, its files hold the work up to `simulated_s`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandManifest {
    /// Version of the tool that wrote the folder.
    pub tool_version: String,
    /// The command (`detections`, `track`, `coverage`).
    pub command: String,
    /// The scenario's name.
    pub scenario: String,
    /// Hash of the scenario file's text ([`scenario_hash`](montecarlo::scenario_hash)).
    pub scenario_hash: String,
    /// The scenario's seed.
    pub seed: u64,
    /// The run index (its random streams), for commands that simulate sensors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<u32>,
    /// Scenario time simulated, s (its duration unless stopped), for commands that simulate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulated_s: Option<f64>,
    /// The files of the folder this command wrote, before this manifest.
    pub files: Vec<String>,
    /// Whether the work was done to the end.
    pub complete: bool,
}

impl CommandManifest {
    /// The manifest of `command` on scenario `s` (read from a file with this
    /// `scenario_text`), run `run` simulated to `simulated_s` (None for a command that does not
    /// simulate: it is complete), with the files at `paths`.
    pub fn new(
        command: &str,
        s: &Scenario,
        scenario_text: &str,
        simulated: Option<(u32, f64)>,
        paths: &[PathBuf],
    ) -> Self {
        CommandManifest {
            tool_version: env!("CARGO_PKG_VERSION").into(),
            command: command.into(),
            scenario: s.name.clone(),
            scenario_hash: montecarlo::scenario_hash(scenario_text),
            seed: s.seed,
            run: simulated.map(|x| x.0),
            simulated_s: simulated.map(|x| x.1),
            files: file_names(paths.iter().map(PathBuf::as_path)),
            complete: simulated.is_none_or(|(_, t)| t >= s.duration_s),
        }
    }

    /// Writes the manifest as `dir/<name>`.
    pub fn write(&self, dir: &Path, name: &str) -> Result<(), FormatError> {
        write_pretty_json(&dir.join(name), self)
    }
}

/// Removes `dir/manifest.json` if there is one (a folder being rewritten is not complete), and
/// first the files it lists when it is the manifest of an earlier `vigil` command (an object
/// with `tool_version`, `scenario_hash` and `files`): re-running into a folder leaves no stale
/// file of the earlier run, such as the `tracks-<architecture>.csv` of an architecture no
/// longer in the scenario. Only plain file names of `dir` that the manifest lists are removed
/// (no path, no `..`, no folder), never anything else.
pub fn remove_manifest(dir: &Path) -> Result<(), FormatError> {
    remove_manifest_named(dir, MANIFEST)
}

/// [`remove_manifest`] for the manifest called `manifest` (e.g. a
/// [`command_manifest_name`]). The temporary files (`.<name>.part`) of the names the manifest
/// lists, and of the manifest itself, go too: a run killed outright (`kill -9`) leaves them.
pub fn remove_manifest_named(dir: &Path, manifest: &str) -> Result<(), FormatError> {
    let path = dir.join(manifest);
    let listed: Vec<String> = read_limited(&path, MAX_DATA_BYTES, DATA_FILE)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .filter(|m| m.get("tool_version").is_some() && m.get("scenario_hash").is_some())
        .and_then(|m| serde_json::from_value(m.get("files")?.clone()).ok())
        .unwrap_or_default();
    for name in listed {
        let mut parts = Path::new(&name).components();
        let plain = matches!(
            (parts.next(), parts.next()),
            (Some(std::path::Component::Normal(_)), None)
        );
        if plain && name != manifest {
            remove_stale(&dir.join(&name))?;
        }
    }
    remove_stale(&path)
}

/// Removes the file `path` and its temporary file ([`PartFile`]), those of them that exist and
/// are not folders.
pub fn remove_stale(path: &Path) -> Result<(), FormatError> {
    let part = path.file_name().map(|n| path.with_file_name(part_name(n)));
    for file in [Some(path.to_path_buf()), part].into_iter().flatten() {
        let is_file = std::fs::symlink_metadata(&file).is_ok_and(|m| !m.is_dir());
        if is_file {
            std::fs::remove_file(&file).map_err(|e| FormatError::write(&file, e))?;
        }
    }
    Ok(())
}

/// The names of `paths` (files written into one folder), for a manifest's `files`.
pub fn file_names<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Vec<String> {
    paths
        .into_iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect()
}

/// Reads `dir/manifest.json`, which a finished `vigil <command>` writes (`what`: its output
/// in words, e.g. `Monte Carlo`).
pub(crate) fn read_manifest<T: serde::de::DeserializeOwned>(
    dir: &Path,
    command: &str,
    what: &str,
) -> Result<T, FormatError> {
    let path = dir.join(MANIFEST);
    let bytes = read_limited(&path, MAX_DATA_BYTES, DATA_FILE).map_err(|e| match e {
        FormatError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            FormatError::Inconsistent(format!(
                "{} has no {MANIFEST}: not the folder of a finished `vigil {command}` (interrupted, or not a {what} output)",
                dir.display()
            ))
        }
        e => e,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        FormatError::invalid(
            &path,
            e.line() as u64,
            format!("not a {what} manifest: {e}"),
        )
    })
}

/// Writes `value` as pretty JSON and a line end.
pub(crate) fn write_pretty_json(path: &Path, value: &impl Serialize) -> Result<(), FormatError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| FormatError::write(path, e))?;
    write_file(path, (text + "\n").as_bytes()).map_err(|e| FormatError::write(path, e))
}

/// Writes `value` as compact JSON and a line end.
pub(crate) fn write_compact_json(path: &Path, value: &impl Serialize) -> Result<(), FormatError> {
    let text = serde_json::to_string(value).map_err(|e| FormatError::write(path, e))?;
    write_file(path, (text + "\n").as_bytes()).map_err(|e| FormatError::write(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Row {
        id: String,
        #[serde(serialize_with = "num::fixed::<2, _>")]
        x: f64,
        #[serde(serialize_with = "num::opt_exact")]
        y: Option<f64>,
    }

    const HEADER: [&str; 3] = ["id", "x", "y"];

    impl ReadRow for Row {
        const HEADER: &'static [&'static str] = &HEADER;
        const NUMBERS: &'static [&'static str] = &["x", "y"];
    }

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("vigil-formats-{}-{name}", std::process::id()))
    }

    fn read(path: &Path) -> Result<Vec<Row>, FormatError> {
        read_csv(path, &HEADER)?
            .into_iter()
            .map(|(line, r)| parse_row(path, line, &r))
            .collect()
    }

    #[test]
    fn quotes_ids_and_reads_them_back() {
        let path = temp("quote.csv");
        let rows = [
            Row {
                id: "a,\"b\"".into(),
                x: 1.0,
                y: None,
            },
            Row {
                id: "inf".into(),
                x: 2.5,
                y: Some(700.0),
            },
        ];
        write_csv(&path, &HEADER, &rows).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "id,x,y\n\"a,\"\"b\"\"\",1.00,\ninf,2.50,700\n");
        assert_eq!(read(&path).unwrap(), rows);
        std::fs::remove_file(&path).ok();
    }

    #[test]
    fn files_take_their_name_only_when_complete() {
        let path = temp("part.csv");
        std::fs::write(&path, "old\n").unwrap();
        let mut f = CsvFile::create(&path, HEADER).unwrap();
        f.record(["a", "1", "2"]).unwrap();
        // Abandoned (an error elsewhere): the old file stays whole, no temporary file is left.
        drop(f);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        let part = path.with_file_name(format!(
            ".{}.part",
            path.file_name().unwrap().to_string_lossy()
        ));
        assert!(!part.exists());
        let mut f = CsvFile::create(&path, HEADER).unwrap();
        f.record(["a", "1", "2"]).unwrap();
        assert!(part.exists());
        f.finish().unwrap();
        assert!(!part.exists());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "id,x,y\na,1,2\n");
        std::fs::remove_file(&path).ok();
    }

    #[test]
    fn refuses_cut_rows_missing_headers_and_nan_with_the_line() {
        let path = temp("bad.csv");
        let cases = [
            ("id,x,y\na,1,2\nb,1", ":3: the last row is cut short"),
            (
                "id,x,y\na,1,2\nb,1\n",
                ":3: 2 fields where the header has 3",
            ),
            ("a,1,2\n", ":1: expected the header id,x,y"),
            ("", ":1: empty file"),
            (
                "id,x,y\na,NaN,2\n",
                ":2: column x: NaN is not a finite number",
            ),
            (
                "id,x,y\na,1,inf\n",
                ":2: column y: inf is not a finite number",
            ),
            ("id,x,y\na,one,2\n", ":2: column x: "),
        ];
        for (text, needle) in cases {
            std::fs::write(&path, text).unwrap();
            let e = read(&path).unwrap_err().to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
            assert!(e.starts_with(&path.display().to_string()), "{e}");
        }
        std::fs::remove_file(&path).ok();
    }
}
