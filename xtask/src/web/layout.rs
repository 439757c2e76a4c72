//! The order of the functions: greedily, each next function is the one whose code shares the
//! most byte trigrams with the previous one's (Jaccard similarity), so that gzip's 32 KB window
//! keeps finding matches nearby.

use std::collections::HashMap;

use super::wasm_module;

/// Each function's rank in the order, by name, for the optimised module `module`.
pub fn order(module: &[u8]) -> anyhow::Result<HashMap<String, usize>> {
    let imported = wasm_module::imported_functions(module)?;
    let bodies = wasm_module::function_bodies(module)?;
    let names: HashMap<u32, &str> = wasm_module::function_names(module)?.into_iter().collect();
    let mut rank = HashMap::new();
    for (position, body) in greedy(&bodies).into_iter().enumerate() {
        let index = u32::try_from(body)
            .ok()
            .and_then(|body| imported.checked_add(body));
        if let Some(name) = index.and_then(|index| names.get(&index)) {
            rank.entry((*name).to_owned()).or_insert(position);
        }
    }
    Ok(rank)
}

/// `module` with its functions named for `--reorder-functions-by-name`: ranked ones by
/// rank, the others (which the optimiser removes or merges) after them.
pub fn rename(module: &[u8], rank: &HashMap<String, usize>) -> anyhow::Result<Vec<u8>> {
    wasm_module::with_function_names(module, |index, name| match rank.get(name) {
        Some(position) => format!("{position:06}"),
        None => format!("~{index:06}"),
    })
}

fn trigram(bytes: &[u8]) -> u16 {
    // FNV-1a, folded to 16 bits.
    let hash = bytes.iter().fold(0x811c_9dc5_u32, |hash, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    u16::try_from((hash >> 16) ^ (hash & 0xffff)).unwrap_or_default()
}

pub fn greedy(bodies: &[&[u8]]) -> Vec<usize> {
    let grams: Vec<Vec<u16>> = bodies
        .iter()
        .map(|body| {
            let mut grams: Vec<u16> = body.windows(3).map(trigram).collect();
            grams.sort_unstable();
            grams.dedup();
            grams
        })
        .collect();
    let mut left: Vec<usize> = (1..bodies.len()).collect();
    let mut order = Vec::with_capacity(bodies.len());
    if bodies.is_empty() {
        return order;
    }
    let mut current = 0;
    order.push(current);
    let mut bits = vec![0u64; 1 << 10];
    let empty = Vec::new();
    while !left.is_empty() {
        bits.fill(0);
        let mine = grams.get(current).unwrap_or(&empty);
        for &gram in mine {
            if let Some(word) = bits.get_mut(usize::from(gram >> 6)) {
                *word |= 1 << (gram & 63);
            }
        }
        let (mut best, mut best_score) = (0, -1.0_f64);
        for (position, &candidate) in left.iter().enumerate() {
            let theirs = grams.get(candidate).unwrap_or(&empty);
            let (small, large) = if mine.len() < theirs.len() {
                (mine.len(), theirs.len())
            } else {
                (theirs.len(), mine.len())
            };
            // The best this candidate could score: skip it when that is not better.
            if ratio(small, large.max(1)) <= best_score {
                continue;
            }
            let shared = theirs
                .iter()
                .filter(|&&gram| {
                    bits.get(usize::from(gram >> 6))
                        .is_some_and(|word| word >> (gram & 63) & 1 == 1)
                })
                .count();
            let score = ratio(shared, (mine.len() + theirs.len() - shared).max(1));
            if score > best_score {
                (best, best_score) = (position, score);
            }
        }
        current = left.remove(best);
        order.push(current);
    }
    order
}

#[allow(clippy::cast_precision_loss)]
fn ratio(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}

#[cfg(test)]
mod tests {
    use super::{greedy, order, rename};
    use crate::web::{fixture, wasm_module};

    #[test]
    fn similar_functions_end_up_together() {
        let a: &[u8] = b"local.get 0 local.get 1 i32.add call $alloc";
        let b: &[u8] = b"br_table 4 5 6 7 8 9 unreachable end end";
        let a2: &[u8] = b"local.get 0 local.get 1 i32.add call $alloc2";
        let b2: &[u8] = b"br_table 4 5 6 7 8 9 unreachable end";
        let order = greedy(&[a, b, a2, b2]);
        assert_eq!(order, vec![0, 2, 1, 3]);
    }

    #[test]
    fn every_function_is_placed_once() {
        let bodies: Vec<Vec<u8>> = (0..50u8).map(|i| vec![i; usize::from(i % 7) + 1]).collect();
        let slices: Vec<&[u8]> = bodies.iter().map(Vec::as_slice).collect();
        let mut order = greedy(&slices);
        order.sort_unstable();
        assert_eq!(order, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn functions_are_renamed_for_their_rank() -> anyhow::Result<()> {
        let rank = [("unused_fn".to_owned(), 0)].into_iter().collect();
        let renamed = rename(&fixture::module(), &rank)?;
        assert_eq!(
            wasm_module::function_names(&renamed)?,
            vec![(2, "~000002"), (3, "000000")]
        );
        Ok(())
    }

    #[test]
    fn every_named_function_gets_a_rank() -> anyhow::Result<()> {
        let rank = order(&fixture::module())?;
        let mut ranks: Vec<(&str, usize)> = rank.iter().map(|(n, &r)| (n.as_str(), r)).collect();
        ranks.sort_unstable();
        assert_eq!(ranks, vec![("unused_fn", 1), ("used_fn", 0)]);
        Ok(())
    }
}
