//! Which lines an edit changes: a line diff of the file before and after,
//! shown with a few lines of context around each change.

/// What happened to a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
    /// Unchanged lines left out between two changes.
    Gap,
}

/// One line of the diff, with its number before and after (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    pub change: Change,
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub text: &'a str,
}

/// Above this many line pairs in the changed middle, lines are shown as
/// removed and added without looking for common ones.
const MAX_PAIRS: usize = 4_000_000;

fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n')
        .map(|line| line.strip_suffix('\n').unwrap_or(line))
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect()
}

/// Every line of `old` and `new`, in order, marked same, removed or added.
pub fn full<'a>(old: &'a str, new: &'a str) -> Vec<Line<'a>> {
    let (a, b) = (lines(old), lines(new));
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let same = |out: &mut Vec<Line<'a>>, i: usize, j: usize| {
        out.push(Line {
            change: Change::Same,
            old: Some(i + 1),
            new: Some(j + 1),
            text: a[i],
        })
    };
    for i in 0..prefix {
        same(&mut out, i, i);
    }
    // Longest common subsequence of the middle, by dynamic programming.
    let (n, m) = (mid_a.len(), mid_b.len());
    let mut table = vec![0u32; if n * m <= MAX_PAIRS { (n + 1) * (m + 1) } else { 0 }];
    if !table.is_empty() {
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i * (m + 1) + j] = if mid_a[i] == mid_b[j] {
                    table[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    table[(i + 1) * (m + 1) + j].max(table[i * (m + 1) + j + 1])
                };
            }
        }
    }
    let at = |i: usize, j: usize| table.get(i * (m + 1) + j).copied().unwrap_or(0);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && mid_a[i] == mid_b[j] && !table.is_empty() {
            same(&mut out, prefix + i, prefix + j);
            i += 1;
            j += 1;
        } else if i < n && (j == m || at(i + 1, j) >= at(i, j + 1)) {
            out.push(Line {
                change: Change::Removed,
                old: Some(prefix + i + 1),
                new: None,
                text: mid_a[i],
            });
            i += 1;
        } else {
            out.push(Line {
                change: Change::Added,
                old: None,
                new: Some(prefix + j + 1),
                text: mid_b[j],
            });
            j += 1;
        }
    }
    for k in 0..suffix {
        same(&mut out, a.len() - suffix + k, b.len() - suffix + k);
    }
    out
}

/// The changed lines with `context` unchanged lines around each change;
/// longer unchanged runs become one [`Change::Gap`] line.
pub fn hunks<'a>(old: &'a str, new: &'a str, context: usize) -> Vec<Line<'a>> {
    let all = full(old, new);
    let changed: Vec<usize> = (0..all.len()).filter(|&k| all[k].change != Change::Same).collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= context);
    let mut out = Vec::new();
    let mut gap = false;
    for (k, line) in all.into_iter().enumerate() {
        if line.change != Change::Same || near(k) {
            out.push(line);
            gap = false;
        } else if !gap {
            out.push(Line {
                change: Change::Gap,
                old: None,
                new: None,
                text: "",
            });
            gap = true;
        }
    }
    out
}
