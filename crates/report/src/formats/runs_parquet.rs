//! `runs.parquet` of `vigil montecarlo` (feature `parquet`): the columns of `runs.csv`, typed
//! (u32 run, strings, nullable f64 times, bool), Snappy-compressed, one row group per 65,536
//! rows in (run, architecture, launch) order, so one process and merged shards write the same
//! bytes.

use super::FormatError;
use arrow_array::{ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray, UInt32Array};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::path::Path;
use std::sync::Arc;
use vigil_sim::montecarlo::{Judged, Row};
use vigil_sim::scenario::Scenario;

/// Writes `rows` of scenario `s` (already in run, architecture, launch order) to `path`.
pub fn write_runs_parquet(path: &Path, s: &Scenario, rows: &[Row]) -> Result<(), FormatError> {
    write(path, s, rows).map_err(|e| FormatError::write(path, std::io::Error::other(e)))
}

fn write(path: &Path, s: &Scenario, rows: &[Row]) -> Result<(), String> {
    let f = |name: &str| Field::new(name, DataType::Float64, true);
    let schema = Arc::new(Schema::new(
        vec![
            Field::new("run", DataType::UInt32, false),
            Field::new("launch", DataType::Utf8, false),
            Field::new("architecture", DataType::Utf8, false),
            f("first_detection_s"),
            f("first_track_s"),
            f("first_alert_s"),
            f("warning_time_s"),
            f("impact_error_km"),
            f("last_rv_miss_km"),
            f("last_rv_time_to_go_s"),
            Field::new("predictions_gt15min", DataType::UInt32, false),
            Field::new("inside_gt15min", DataType::UInt32, false),
            Field::new("predictions_5_15min", DataType::UInt32, false),
            Field::new("inside_5_15min", DataType::UInt32, false),
            Field::new("predictions_lt5min", DataType::UInt32, false),
            Field::new("inside_lt5min", DataType::UInt32, false),
            Field::new("false_alert", DataType::Boolean, false),
        ]
        .into_iter()
        .chain(
            Judged::COLUMNS
                .iter()
                .map(|name| Field::new(*name, DataType::UInt32, false)),
        )
        .chain([
            Field::new("false_track_warnings", DataType::UInt32, false),
            Field::new("false_track_warnings_coincident", DataType::UInt32, false),
        ])
        .collect::<Vec<_>>(),
    ));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(65_536))
        .set_created_by("vigil".into())
        .build();
    let file = super::PartFile::create(path).map_err(|e| e.to_string())?;
    let mut writer =
        ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| e.to_string())?;
    for chunk in rows.chunks(65_536) {
        let col = |g: fn(&Row) -> Option<f64>| -> ArrayRef {
            Arc::new(Float64Array::from(chunk.iter().map(g).collect::<Vec<_>>()))
        };
        // Band `b`'s predictions (`inside` false) or those inside the ellipse (true).
        let count = |b: usize, inside: bool| -> ArrayRef {
            Arc::new(UInt32Array::from(
                chunk
                    .iter()
                    .map(|r| {
                        let c = r.coverage[b];
                        if inside { c.inside } else { c.predictions }
                    })
                    .collect::<Vec<_>>(),
            ))
        };
        let fixed: Vec<ArrayRef> = vec![
            Arc::new(UInt32Array::from(
                chunk.iter().map(|r| r.run).collect::<Vec<_>>(),
            )),
            Arc::new(StringArray::from(
                chunk
                    .iter()
                    .map(|r| s.launches[r.launch].id.as_str())
                    .collect::<Vec<_>>(),
            )),
            Arc::new(StringArray::from(
                chunk
                    .iter()
                    .map(|r| s.architectures[r.architecture].id.as_str())
                    .collect::<Vec<_>>(),
            )),
            col(|r| r.first_detection_s),
            col(|r| r.first_track_s),
            col(|r| r.first_alert_s),
            col(|r| r.warning_time_s),
            col(|r| r.impact_error_km),
            col(|r| r.last_rv_miss_km),
            col(|r| r.last_rv_time_to_go_s),
            count(0, false),
            count(0, true),
            count(1, false),
            count(1, true),
            count(2, false),
            count(2, true),
            Arc::new(BooleanArray::from(
                chunk.iter().map(|r| r.false_alert).collect::<Vec<_>>(),
            )),
        ];
        let columns: Vec<ArrayRef> = fixed
            .into_iter()
            .chain((0..Judged::COLUMNS.len()).map(|k| -> ArrayRef {
                Arc::new(UInt32Array::from(
                    chunk
                        .iter()
                        .map(|r| r.judged.counts()[k])
                        .collect::<Vec<_>>(),
                ))
            }))
            .chain([
                Arc::new(UInt32Array::from(
                    chunk
                        .iter()
                        .map(|r| r.false_track_warnings)
                        .collect::<Vec<_>>(),
                )) as ArrayRef,
                Arc::new(UInt32Array::from(
                    chunk
                        .iter()
                        .map(|r| r.false_track_warnings_coincident)
                        .collect::<Vec<_>>(),
                )) as ArrayRef,
            ])
            .collect();
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())?;
        writer.write(&batch).map_err(|e| e.to_string())?;
    }
    let file = writer.into_inner().map_err(|e| e.to_string())?;
    file.commit().map_err(|e| e.to_string())
}
