//! planpress: a page's words and where each is on the page, packed.
//!
//! Pagefind held a page's words as a map of a list of positions for each
//! word, each position 32 bytes with room for the word as written. Over a
//! site those lists were most of the index's memory and allocations, and
//! walking the maps again to build the index was most of its time. Here a
//! page's positions are one list, grouped by word, of 12 bytes each, and
//! the few words written otherwise than they are indexed (with diacritics)
//! are kept apart.

use std::ops::Range;

use hashbrown::HashMap;

/// One place a word is on a page.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Position<M = u8> {
    pub position: u32,
    /// A body word's weight (`u8`), or the number of the meta field a meta
    /// word is in (`u16`).
    pub mark: M,
    /// 1 + the index in `PageWords::originals` of the word as written,
    /// when it differs from the word indexed; 0 when it does not.
    original: u32,
}

/// A page's words, each with its positions in the order they were found:
/// the words of its body, or of its meta fields.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWords<M = u8> {
    /// Each distinct word, in the order first found, and the end of its
    /// run of `positions` (which starts where the previous word's ends).
    words: Vec<(String, u32)>,
    positions: Vec<Position<M>>,
    originals: Vec<String>,
}

impl<M> Default for PageWords<M> {
    fn default() -> Self {
        PageWords {
            words: Vec::new(),
            positions: Vec::new(),
            originals: Vec::new(),
        }
    }
}

impl<M: Copy + Default> PageWords<M> {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Each word with its positions.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Position<M>])> {
        self.runs()
            .zip(&self.words)
            .map(|(run, (word, _))| (word.as_str(), &self.positions[run]))
    }

    /// The words, moved out, each with the range of its positions in
    /// `positions`, which stay.
    pub fn take_words(&mut self) -> impl Iterator<Item = (String, Range<usize>)> + use<M> {
        let runs: Vec<Range<usize>> = self.runs().collect();
        std::mem::take(&mut self.words)
            .into_iter()
            .zip(runs)
            .map(|((word, _), run)| (word, run))
    }

    pub fn positions(&self) -> &[Position<M>] {
        &self.positions
    }

    /// The word as written at `position`, when it differs from the word
    /// indexed.
    pub fn original(&self, position: &Position<M>) -> Option<&str> {
        let index = position.original.checked_sub(1)?;
        Some(self.originals[index as usize].as_str())
    }

    fn runs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut start = 0;
        self.words.iter().map(move |&(_, end)| {
            let run = start..end as usize;
            start = end as usize;
            run
        })
    }
}

impl PageWords<u8> {
    /// The words as Pagefind's map of a list for each word, for tests.
    #[cfg(test)]
    pub fn to_map(&self) -> HashMap<String, Vec<super::FossickedWord>> {
        self.iter()
            .map(|(word, positions)| {
                let positions = positions.iter().map(|p| super::FossickedWord {
                    position: p.position,
                    weight: p.mark,
                    original_word: self.original(p).map(str::to_string),
                });
                (word.to_string(), positions.collect())
            })
            .collect()
    }
}

/// Collects a page's words as they are read, then groups them.
pub struct PageWordsBuilder<M = u8> {
    /// Each distinct word and its number, in the order first found.
    slots: HashMap<String, u32>,
    found: Vec<(u32, Position<M>)>,
    originals: Vec<String>,
}

impl<M: Copy + Default> Default for PageWordsBuilder<M> {
    fn default() -> Self {
        Self::with_capacity(0, 0)
    }
}

impl<M: Copy + Default> PageWordsBuilder<M> {
    pub fn with_capacity(words: usize, positions: usize) -> Self {
        PageWordsBuilder {
            slots: HashMap::with_capacity(words),
            found: Vec::with_capacity(positions),
            originals: Vec::new(),
        }
    }

    pub fn push(&mut self, word: &str, position: u32, mark: M, original: Option<&str>) {
        let slot = match self.slots.get(word) {
            Some(&slot) => slot,
            None => {
                let slot = self.slots.len() as u32;
                self.slots.insert(word.to_string(), slot);
                slot
            }
        };
        let original = match original {
            Some(original) => {
                self.originals.push(original.to_string());
                self.originals.len() as u32
            }
            None => 0,
        };
        let found = Position {
            position,
            mark,
            original,
        };
        self.found.push((slot, found));
    }

    /// Whether `word` is already at `position`. Positions are found in
    /// order, but for one a word before the last may be given, so the
    /// search goes back to the one before `position` and no further.
    pub fn has(&self, word: &str, position: u32) -> bool {
        let Some(&slot) = self.slots.get(word) else {
            return false;
        };
        (self.found.iter().rev())
            .take_while(|(_, p)| p.position >= position.saturating_sub(1))
            .any(|(s, p)| *s == slot && p.position == position)
    }

    /// The words, each with its positions in the order they were pushed.
    pub fn finish(self) -> PageWords<M> {
        let mut ends = vec![0u32; self.slots.len()];
        for (slot, _) in &self.found {
            ends[*slot as usize] += 1;
        }
        let mut next = Vec::with_capacity(ends.len());
        let mut total = 0;
        for count in &mut ends {
            next.push(total);
            total += *count;
            *count = total;
        }
        let mut positions = vec![Position::default(); self.found.len()];
        for (slot, found) in self.found {
            let at = &mut next[slot as usize];
            positions[*at as usize] = found;
            *at += 1;
        }
        let mut words = vec![(String::new(), 0); ends.len()];
        for (word, slot) in self.slots {
            words[slot as usize] = (word, ends[slot as usize]);
        }
        PageWords {
            words,
            positions,
            originals: self.originals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_grouped_by_word_in_the_order_found() {
        let mut b = PageWordsBuilder::<u8>::default();
        b.push("plan", 0, 24, None);
        b.push("road", 1, 24, None);
        b.push("plan", 2, 12, Some("plån"));
        b.push("road", 3, 24, None);
        b.push("plan", 4, 24, None);
        // A pair across two segments is pushed at the word before, after
        // the positions of the word it ends in.
        b.push("road", 5, 24, None);
        b.push("bus", 6, 24, None);
        b.push("road", 5, 8, None);
        b.push("tram", 7, 24, None);
        assert!(b.has("bus", 6));
        assert!(b.has("road", 5));
        assert!(!b.has("tram", 6));
        assert!(b.has("plan", 4));
        assert!(b.has("road", 3));
        assert!(!b.has("road", 4));
        assert!(!b.has("bus", 4));
        let words = b.finish();
        let found: Vec<(&str, Vec<(u32, u8, Option<&str>)>)> = words
            .iter()
            .map(|(w, ps)| {
                let ps = ps.iter().map(|p| (p.position, p.mark, words.original(p)));
                (w, ps.collect())
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "plan",
                    vec![(0, 24, None), (2, 12, Some("plån")), (4, 24, None)]
                ),
                (
                    "road",
                    vec![(1, 24, None), (3, 24, None), (5, 24, None), (5, 8, None)]
                ),
                ("bus", vec![(6, 24, None)]),
                ("tram", vec![(7, 24, None)]),
            ]
        );
        let mut words = words;
        let taken: Vec<(String, Range<usize>)> = words.take_words().collect();
        let expected: Vec<(String, Range<usize>)> = vec![
            ("plan".into(), 0..3),
            ("road".into(), 3..7),
            ("bus".into(), 7..8),
            ("tram".into(), 8..9),
        ];
        assert_eq!(taken, expected);
        assert_eq!(words.positions().len(), 9);
    }
}
