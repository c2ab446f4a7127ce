//! Clustering: the connected components of the bipartite graph of gated (track, detection)
//! pairs, found by union-find. Tracks in different clusters share no detection, so each
//! cluster is an independent association problem.

use super::Pair;

const NONE: usize = usize::MAX;

/// The clusters of a set of gated pairs, stored flat (a few vectors for any number of
/// clusters, reusable with [`Clusters::rebuild`]).
///
/// Only tracks and detections with at least one valid pair are in a cluster. A pair is valid
/// when its indices are in range and its cost is finite; of duplicate (track, detection) pairs
/// the cheapest (then the first) is kept. Order is deterministic: clusters by their smallest
/// track; tracks and detections ascending within a cluster; pairs by (track, detection).
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    track_offsets: Vec<usize>,
    tracks: Vec<usize>,
    detection_offsets: Vec<usize>,
    detections: Vec<usize>,
    pair_offsets: Vec<usize>,
    pairs: Vec<usize>,
    track_local: Vec<usize>,
    detection_local: Vec<usize>,
    // Scratch.
    parent: Vec<usize>,
    cluster_of_root: Vec<usize>,
    degree: Vec<u32>,
}

/// One cluster, borrowed from [`Clusters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cluster<'a> {
    /// Its tracks, ascending.
    pub tracks: &'a [usize],
    /// Its detections, ascending.
    pub detections: &'a [usize],
    /// Indices into the pair slice the clusters were built from, by (track, detection).
    pub pairs: &'a [usize],
}

impl Clusters {
    /// The clusters of `pairs` among `n_tracks` tracks and `n_detections` detections.
    pub fn new(n_tracks: usize, n_detections: usize, pairs: &[Pair]) -> Self {
        let mut c = Self::default();
        c.rebuild(n_tracks, n_detections, pairs);
        c
    }

    /// Recomputes the clusters in place, reusing the buffers.
    pub fn rebuild(&mut self, n_tracks: usize, n_detections: usize, pairs: &[Pair]) {
        let valid =
            |p: &Pair| p.track < n_tracks && p.detection < n_detections && p.cost.is_finite();
        let n_nodes = n_tracks.saturating_add(n_detections);
        self.parent.clear();
        self.parent.extend(0..n_nodes);
        self.degree.clear();
        self.degree.resize(n_nodes, 0);
        for p in pairs.iter().filter(|p| valid(p)) {
            let (a, b) = (p.track, n_tracks + p.detection);
            self.degree[a] = self.degree[a].saturating_add(1);
            self.degree[b] = self.degree[b].saturating_add(1);
            let (ra, rb) = (find(&mut self.parent, a), find(&mut self.parent, b));
            if ra != rb {
                // Union by index keeps it deterministic; path halving keeps it shallow.
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                self.parent[hi] = lo;
            }
        }
        // Cluster ids in order of the smallest track.
        self.cluster_of_root.clear();
        self.cluster_of_root.resize(n_nodes, NONE);
        self.track_offsets.clear();
        self.track_offsets.push(0);
        self.tracks.clear();
        self.track_local.clear();
        self.track_local.resize(n_tracks, NONE);
        let mut n_clusters = 0;
        // First pass: count tracks per cluster.
        let mut counts: Vec<usize> = Vec::new();
        for t in 0..n_tracks {
            if self.degree[t] == 0 {
                continue;
            }
            let r = find(&mut self.parent, t);
            if self.cluster_of_root[r] == NONE {
                self.cluster_of_root[r] = n_clusters;
                n_clusters += 1;
                counts.push(0);
            }
            counts[self.cluster_of_root[r]] += 1;
        }
        fill_grouped(
            &mut self.parent,
            &self.cluster_of_root,
            &self.degree,
            0,
            n_tracks,
            &counts,
            &mut self.track_offsets,
            &mut self.tracks,
            &mut self.track_local,
        );
        counts.clear();
        counts.resize(n_clusters, 0);
        for d in 0..n_detections {
            if self.degree[n_tracks + d] > 0 {
                let r = find(&mut self.parent, n_tracks + d);
                counts[self.cluster_of_root[r]] += 1;
            }
        }
        self.detection_offsets.clear();
        self.detection_offsets.push(0);
        self.detections.clear();
        self.detection_local.clear();
        self.detection_local.resize(n_detections, NONE);
        fill_grouped(
            &mut self.parent,
            &self.cluster_of_root,
            &self.degree,
            n_tracks,
            n_detections,
            &counts,
            &mut self.detection_offsets,
            &mut self.detections,
            &mut self.detection_local,
        );
        // Pairs: counting sort by cluster, then sort and deduplicate within each.
        counts.clear();
        counts.resize(n_clusters + 1, 0);
        for p in pairs.iter().filter(|p| valid(p)) {
            let k = self.cluster_of_root[find(&mut self.parent, p.track)];
            counts[k + 1] += 1;
        }
        for k in 0..n_clusters {
            counts[k + 1] += counts[k];
        }
        self.pairs.clear();
        self.pairs.resize(counts[n_clusters], NONE);
        let mut next = counts.clone();
        for (i, p) in pairs.iter().enumerate().filter(|(_, p)| valid(p)) {
            let k = self.cluster_of_root[find(&mut self.parent, p.track)];
            self.pairs[next[k]] = i;
            next[k] += 1;
        }
        self.pair_offsets.clear();
        self.pair_offsets.push(0);
        let mut write = 0;
        for k in 0..n_clusters {
            let slice = &mut self.pairs[counts[k]..counts[k + 1]];
            slice.sort_unstable_by(|&a, &b| {
                let (pa, pb) = (&pairs[a], &pairs[b]);
                (pa.track, pa.detection)
                    .cmp(&(pb.track, pb.detection))
                    .then(pa.cost.total_cmp(&pb.cost))
                    .then(a.cmp(&b))
            });
            let mut last: Option<(usize, usize)> = None;
            for read in counts[k]..counts[k + 1] {
                let i = self.pairs[read];
                let key = (pairs[i].track, pairs[i].detection);
                if last != Some(key) {
                    self.pairs[write] = i;
                    write += 1;
                    last = Some(key);
                }
            }
            self.pair_offsets.push(write);
        }
        self.pairs.truncate(write);
    }

    /// The number of clusters.
    pub fn len(&self) -> usize {
        self.track_offsets.len().saturating_sub(1)
    }

    /// Whether there is no cluster.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cluster `k`, if it exists.
    pub fn get(&self, k: usize) -> Option<Cluster<'_>> {
        if k >= self.len() {
            return None;
        }
        Some(Cluster {
            tracks: &self.tracks[self.track_offsets[k]..self.track_offsets[k + 1]],
            detections: &self.detections[self.detection_offsets[k]..self.detection_offsets[k + 1]],
            pairs: &self.pairs[self.pair_offsets[k]..self.pair_offsets[k + 1]],
        })
    }

    /// The clusters in order.
    pub fn iter(&self) -> impl Iterator<Item = Cluster<'_>> + '_ {
        (0..self.len()).filter_map(|k| self.get(k))
    }

    /// The position of `track` within its cluster's `tracks`, if it is in one.
    pub fn local_track(&self, track: usize) -> Option<usize> {
        self.track_local.get(track).copied().filter(|&i| i != NONE)
    }

    /// The position of `detection` within its cluster's `detections`, if it is in one.
    pub fn local_detection(&self, detection: usize) -> Option<usize> {
        self.detection_local
            .get(detection)
            .copied()
            .filter(|&i| i != NONE)
    }
}

/// Places nodes `base..base + n` with nonzero degree into their clusters' groups (in index
/// order), given the group sizes.
#[allow(clippy::too_many_arguments)]
fn fill_grouped(
    parent: &mut [usize],
    cluster_of_root: &[usize],
    degree: &[u32],
    base: usize,
    n: usize,
    counts: &[usize],
    offsets: &mut Vec<usize>,
    items: &mut Vec<usize>,
    local: &mut [usize],
) {
    for &c in counts {
        let last = offsets.last().copied().unwrap_or(0);
        offsets.push(last + c);
    }
    items.resize(offsets.last().copied().unwrap_or(0), NONE);
    let mut next: Vec<usize> = offsets[..counts.len()].to_vec();
    for x in 0..n {
        if degree[base + x] == 0 {
            continue;
        }
        let k = cluster_of_root[find(parent, base + x)];
        local[x] = next[k] - offsets[k];
        items[next[k]] = x;
        next[k] += 1;
    }
}

/// Union-find root with path halving.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(track: usize, detection: usize, cost: f64) -> Pair {
        Pair {
            track,
            detection,
            cost,
            likelihood: (-cost).exp(),
        }
    }

    #[test]
    fn components_in_deterministic_order() {
        // Tracks 0..5, detections 0..6: {t0,t2 | d1,d3}, {t1 | d0}, {t4 | d5,d2}; t3, d4 alone.
        let pairs = [
            pair(2, 3, 1.0),
            pair(4, 5, 1.0),
            pair(0, 1, 1.0),
            pair(1, 0, 1.0),
            pair(2, 1, 1.0),
            pair(4, 2, 2.0),
        ];
        let c = Clusters::new(5, 6, &pairs);
        assert_eq!(c.len(), 3);
        let k0 = c.get(0).unwrap();
        assert_eq!((k0.tracks, k0.detections), (&[0, 2][..], &[1, 3][..]));
        assert_eq!(k0.pairs, &[2, 4, 0]);
        let k1 = c.get(1).unwrap();
        assert_eq!(
            (k1.tracks, k1.detections, k1.pairs),
            (&[1][..], &[0][..], &[3][..])
        );
        let k2 = c.get(2).unwrap();
        assert_eq!(
            (k2.tracks, k2.detections, k2.pairs),
            (&[4][..], &[2, 5][..], &[5, 1][..])
        );
        assert_eq!(c.local_track(2), Some(1));
        assert_eq!(c.local_track(3), None);
        assert_eq!(c.local_detection(5), Some(1));
        assert_eq!(c.local_detection(4), None);
        assert!(c.get(3).is_none());
        // Input order does not matter.
        let mut rev = pairs;
        rev.reverse();
        let c2 = Clusters::new(5, 6, &rev);
        let tracks: Vec<_> = c2.iter().map(|k| k.tracks.to_vec()).collect();
        assert_eq!(tracks, vec![vec![0, 2], vec![1], vec![4]]);
    }

    #[test]
    fn chain_joins_into_one_cluster() {
        // t0-d0-t1-d1-t2-d2 …: one chain of 100 tracks.
        let mut pairs = Vec::new();
        for t in 0..100 {
            pairs.push(pair(t, t, 1.0));
            pairs.push(pair(t + 1, t, 1.0));
        }
        let c = Clusters::new(101, 100, &pairs);
        assert_eq!(c.len(), 1);
        assert_eq!(c.get(0).unwrap().tracks.len(), 101);
        assert_eq!(c.get(0).unwrap().pairs.len(), 200);
    }

    #[test]
    fn invalid_and_duplicate_pairs() {
        let pairs = [
            pair(0, 0, 2.0),
            pair(0, 0, 1.0),           // duplicate, cheaper: kept
            pair(1, 0, f64::NAN),      // invalid cost
            pair(7, 0, 1.0),           // track out of range
            pair(1, 9, 1.0),           // detection out of range
            pair(1, 1, f64::INFINITY), // forbidden
        ];
        let c = Clusters::new(2, 2, &pairs);
        assert_eq!(c.len(), 1);
        let k = c.get(0).unwrap();
        assert_eq!(
            (k.tracks, k.detections, k.pairs),
            (&[0][..], &[0][..], &[1][..])
        );
        let empty = Clusters::new(0, 0, &[]);
        assert!(empty.is_empty());
        assert_eq!(empty.iter().count(), 0);
        let mut reuse = c.clone();
        reuse.rebuild(3, 3, &[]);
        assert!(reuse.is_empty());
        assert_eq!(reuse.local_track(0), None);
    }
}
