//! Track management: M-of-N confirmation and deletion. Every rule reads the tracker's live
//! [`Config`], so changing `Tracker::config` between scans takes effect at the next scan.
//!
//! A tentative track is deleted when its N scans pass with fewer than M hits, or by
//! [`CovarianceGrowth`]; a confirmed track when any of the tracker's [`Deleter`]s says so
//! (by default [`CoastTime`] and [`CovarianceGrowth`]); any track whose estimate is not a valid
//! Gaussian, always.

use super::{Config, Status, Track};
use std::sync::Arc;

/// A rule that deletes a confirmed track, judged against the tracker's live configuration.
pub trait Deleter<const N: usize, S>: std::fmt::Debug {
    /// Whether `track` should be deleted at `t_s` (s) under `config`.
    fn delete(&self, track: &Track<N, S>, t_s: f64, config: &Config) -> bool;
}

/// Deletes a track that went longer than [`Config::max_coast_s`] without an update.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoastTime;

impl<const N: usize, S> Deleter<N, S> for CoastTime {
    fn delete(&self, track: &Track<N, S>, t_s: f64, config: &Config) -> bool {
        t_s - track.last_update_s > config.max_coast_s
    }
}

/// Deletes a track whose position standard deviation (largest axis) exceeds
/// [`Config::max_position_sigma_m`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CovarianceGrowth;

impl<const N: usize, S> Deleter<N, S> for CovarianceGrowth {
    fn delete(&self, track: &Track<N, S>, _t_s: f64, config: &Config) -> bool {
        track.position_sigma() > config.max_position_sigma_m
    }
}

/// A tracker's deletion rules for confirmed tracks (any one deletes).
pub type Deleters<const N: usize, S> = Vec<Arc<dyn Deleter<N, S> + Send + Sync>>;

/// The default rules: [`CoastTime`] and [`CovarianceGrowth`].
pub(crate) fn default_deleters<const N: usize, S>() -> Deleters<N, S> {
    vec![Arc::new(CoastTime), Arc::new(CovarianceGrowth)]
}

/// Management of one scan: the configuration and deletion rules in force.
#[derive(Debug)]
pub(crate) struct Management<'a, const N: usize, S> {
    /// Confirmation and deletion thresholds.
    pub config: &'a Config,
    /// Deletion rules for confirmed tracks.
    pub deleters: &'a [Arc<dyn Deleter<N, S> + Send + Sync>],
}

impl<const N: usize, S> Management<'_, N, S> {
    /// Status and confirmation time of a track born at `t_s`: confirmed at once when M ≤ 1.
    pub fn birth(&self, t_s: f64) -> (Status, Option<f64>) {
        if self.config.confirm_m <= 1 {
            (Status::Confirmed, Some(t_s))
        } else {
            (Status::Tentative, None)
        }
    }

    /// M-of-N confirmation after a scan of `source` at `t_s`: the scan counts for the tracks
    /// of that source; a tentative track `updated` in it with M hits is confirmed. Returns the
    /// confirmed ids, in track order.
    pub fn confirm(
        &self,
        tracks: &mut [Track<N, S>],
        updated: &[bool],
        source: u32,
        t_s: f64,
    ) -> Vec<u64> {
        let mut confirmed = Vec::new();
        for (track, &updated) in tracks.iter_mut().zip(updated) {
            if track.source == source {
                track.scans += 1;
            }
            if track.status == Status::Tentative && updated && track.hits >= self.config.confirm_m {
                track.status = Status::Confirmed;
                track.confirmed_s = Some(t_s);
                confirmed.push(track.id);
            }
        }
        confirmed
    }

    /// Removes the tracks to delete at `t_s`; returns their ids, in track order.
    pub fn delete(&self, tracks: &mut Vec<Track<N, S>>, t_s: f64) -> Vec<u64> {
        let mut deleted = Vec::new();
        tracks.retain(|track| {
            let dead = self.dead(track, t_s);
            if dead {
                deleted.push(track.id);
            }
            !dead
        });
        deleted
    }

    fn dead(&self, track: &Track<N, S>, t_s: f64) -> bool {
        let config = self.config;
        !track.estimate.is_valid()
            || match track.status {
                Status::Tentative => {
                    track.scans >= config.confirm_n && track.hits < config.confirm_m
                        || CovarianceGrowth.delete(track, t_s, config)
                }
                Status::Confirmed => self.deleters.iter().any(|d| d.delete(track, t_s, config)),
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ekf;
    use crate::associate::Gnn;
    use crate::estimator::Single;
    use crate::gaussian::Gaussian;
    use crate::initiate::OnePoint;
    use crate::models::linear::ConstantVelocity;
    use crate::observation::Point;
    use crate::tracker::Tracker;
    use nalgebra::{SMatrix, SVector};
    use vigil_earth::math::Vec3;

    fn track(status: Status, scans: u32, hits: u32, sigma_m: f64) -> Track<6, ()> {
        Track {
            id: 7,
            status,
            estimate: Gaussian::new(
                SVector::zeros(),
                SMatrix::<f64, 6, 6>::identity() * (sigma_m * sigma_m),
            ),
            state: (),
            t_s: 10.0,
            source: 0,
            born_s: 0.0,
            first: None,
            confirmed_s: None,
            last_update_s: 10.0,
            scans,
            hits,
            rcs: None,
        }
    }

    #[test]
    fn m_of_n_confirms_and_deletes() {
        let config = Config {
            confirm_m: 2,
            confirm_n: 3,
            ..Config::default()
        };
        let deleters = default_deleters();
        let m = Management {
            config: &config,
            deleters: &deleters,
        };
        assert_eq!(m.birth(4.0), (Status::Tentative, None));
        // Updated with its second hit: confirmed; a scan of another source does not count.
        let mut tracks = vec![track(Status::Tentative, 1, 2, 10.0)];
        assert_eq!(m.confirm(&mut tracks, &[true], 1, 12.0), [7]);
        assert_eq!((tracks[0].scans, tracks[0].confirmed_s), (1, Some(12.0)));
        // Not updated: no confirmation; third scan with one hit: deleted.
        let mut tracks = vec![track(Status::Tentative, 2, 1, 10.0)];
        assert!(m.confirm(&mut tracks, &[false], 0, 12.0).is_empty());
        assert_eq!(m.delete(&mut tracks, 12.0), [7]);
        assert!(tracks.is_empty());
        let one = Config {
            confirm_m: 1,
            ..config
        };
        let m1 = Management {
            config: &one,
            deleters: &deleters,
        };
        assert_eq!(m1.birth(4.0), (Status::Confirmed, Some(4.0)));
    }

    #[test]
    fn deleters_read_the_config() {
        let mut config = Config::default();
        let t = track(Status::Confirmed, 5, 5, 100.0);
        assert!(!CoastTime.delete(&t, 60.0, &config));
        assert!(!CovarianceGrowth.delete(&t, 60.0, &config));
        config.max_coast_s = 30.0;
        config.max_position_sigma_m = 99.0;
        assert!(CoastTime.delete(&t, 60.0, &config));
        assert!(CovarianceGrowth.delete(&t, 60.0, &config));
        // Tentative tracks: covariance growth always applies; an invalid estimate deletes any.
        let deleters: Deleters<6, ()> = Vec::new();
        let m = Management {
            config: &config,
            deleters: &deleters,
        };
        let mut tracks = vec![
            track(Status::Tentative, 1, 1, 100.0),
            track(Status::Confirmed, 1, 1, 100.0),
            track(Status::Confirmed, 1, 1, f64::NAN),
        ];
        tracks[1].id = 8;
        tracks[2].id = 9;
        assert_eq!(m.delete(&mut tracks, 60.0), [7, 9]);
    }

    /// One object measured every 5 s until 25 s, then only unrelated far points keep scans
    /// coming: its track's last update is at 25 s.
    fn coasting_object() -> Vec<Point> {
        let point = |k: usize, z: Vec3| Point {
            t_s: k as f64 * 5.0,
            source: 0,
            z,
            sigma_m: Vec3::repeat(5.0),
        };
        (0..6)
            .map(|k| point(k, Vec3::new(100.0 * k as f64, 0.0, 0.0)))
            .chain((6..12).map(|k| point(k, Vec3::new(1e7, 1e7 + 1e5 * k as f64, 0.0))))
            .collect()
    }

    fn tracker(config: Config) -> Tracker<6, Single<Ekf, ConstantVelocity>, Gnn, OnePoint> {
        Tracker::new(
            Single::new(Ekf, ConstantVelocity { q: 1.0 }),
            Gnn,
            OnePoint {
                velocity_sigma_mps: 100.0,
                rest_sigma: 1.0,
            },
            config,
        )
    }

    /// The time track 1 was deleted, if it was.
    fn deletion_of_track_1(
        tracker: &mut Tracker<6, Single<Ekf, ConstantVelocity>, Gnn, OnePoint>,
        obs: &[Point],
    ) -> Option<f64> {
        let mut deleted_at = None;
        tracker.run(obs, |_, report, _| {
            if report.deleted.contains(&1) {
                deleted_at.get_or_insert(report.t_s);
            }
        });
        deleted_at
    }

    /// 2-of-3 confirmation, the other settings the defaults (60 s coast limit).
    fn confirm_2_of_3() -> Config {
        Config {
            confirm_m: 2,
            confirm_n: 3,
            ..Config::default()
        }
    }

    /// Deletion rules are pluggable: with only the coast-time rule (15 s), a track whose object
    /// stops being measured is dropped 15 s after its last update.
    #[test]
    fn deleters_are_pluggable() {
        let mut t = tracker(Config {
            max_coast_s: 15.0,
            ..confirm_2_of_3()
        })
        .with_deleters(vec![Arc::new(CoastTime)]);
        assert_eq!(deletion_of_track_1(&mut t, &coasting_object()), Some(45.0));
    }

    /// Changing the public configuration after construction changes deletion: with the 60 s
    /// coast limit the track outlives the run; lowered to 15 s, it is deleted 15 s after its
    /// last update.
    #[test]
    fn config_changes_after_construction_take_effect() {
        let obs = coasting_object();
        assert_eq!(
            deletion_of_track_1(&mut tracker(confirm_2_of_3()), &obs),
            None
        );
        let mut t = tracker(confirm_2_of_3());
        t.config.max_coast_s = 15.0;
        assert_eq!(deletion_of_track_1(&mut t, &obs), Some(45.0));
        // Changed mid-run: the first half under 60 s, the rest under 15 s.
        let mut t = tracker(confirm_2_of_3());
        assert_eq!(deletion_of_track_1(&mut t, &obs[..6]), None);
        t.config.max_coast_s = 15.0;
        assert_eq!(deletion_of_track_1(&mut t, &obs[6..]), Some(45.0));
    }
}
