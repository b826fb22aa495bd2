use minicbor::Encode;

/// The word index chunks in `pagefind/index/`

/// A single word index chunk: `pagefind/index/*.pf_index`
#[derive(Encode)]
pub struct WordIndex {
    #[n(0)]
    pub words: Vec<PackedWord>,
}

/// A single word as an inverse index of all locations on the site
#[derive(Encode, Clone, Debug)]
pub struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariant>,
}

impl PackedWord {
    /// planpress: a word with no pages yet, whose name is the key it is
    /// held by until the index is chunked.
    pub fn unnamed() -> Self {
        PackedWord {
            word: String::new(),
            pages: Vec::new(),
            additional_variants: Vec::new(),
        }
    }
}

/// A variant of a word with different diacritics (e.g., "café" vs "cafe")
#[derive(Encode, Clone, Debug)]
pub struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// planpress: a word's locations on a page (in its body or its meta),
/// up to four numbers held in place (a word once or twice on a page, with
/// the marker of its weight or field), rather than each list allocated
/// apart: reading those lists back, one for each word of each page, was
/// most of the time it took to write the index.
pub type Locs = smallvec::SmallVec<[i32; 4]>;

/// A set of locations on a given page
#[derive(Encode, Clone, Debug)]
pub struct PackedPage {
    #[n(0)]
    pub page_number: usize, // Won't exceed u32 but saves us some into()s
    // planpress: `Locs`, encoded as the `Vec<i32>` they were.
    #[n(1)]
    #[cbor(encode_with = "encode_locs")]
    pub locs: Locs,
    #[n(2)]
    #[cbor(encode_with = "encode_locs")]
    pub meta_locs: Locs,
}

/// planpress: `locs` as minicbor writes a `Vec<i32>` (the same sequence
/// encoding for a slice). With the derived `Encode` above, it is now only
/// the reference the unit test holds `encode_into` to.
fn encode_locs<Ctx, W: minicbor::encode::Write>(
    locs: &Locs,
    e: &mut minicbor::Encoder<W>,
    ctx: &mut Ctx,
) -> Result<(), minicbor::encode::Error<W::Error>> {
    e.encode_with(locs.as_slice(), ctx)?;
    Ok(())
}

impl WordIndex {
    /// planpress: the CBOR bytes that `minicbor::encode` writes for this
    /// chunk (the derived encoding above), written straight into `out`.
    /// minicbor goes through its generic encoder for every number, which
    /// was about a sixteenth of the index's time; the word index is almost
    /// all numbers.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        head(out, ARRAY, 1);
        head(out, ARRAY, self.words.len() as u64);
        for word in &self.words {
            head(out, ARRAY, 3);
            text(out, &word.word);
            pages(out, &word.pages);
            head(out, ARRAY, word.additional_variants.len() as u64);
            for variant in &word.additional_variants {
                head(out, ARRAY, 2);
                text(out, &variant.form);
                pages(out, &variant.pages);
            }
        }
    }
}

const UNSIGNED: u8 = 0;
const NEGATIVE: u8 = 1;
const TEXT: u8 = 3;
const ARRAY: u8 = 4;

/// planpress: a CBOR head: the major type and its argument, in the fewest
/// bytes, as minicbor writes it.
fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    if n < 24 {
        out.push(major | n as u8);
    } else if n <= u8::MAX as u64 {
        out.extend_from_slice(&[major | 24, n as u8]);
    } else if n <= u16::MAX as u64 {
        out.push(major | 25);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= u32::MAX as u64 {
        out.push(major | 26);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(major | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn text(out: &mut Vec<u8>, s: &str) {
    head(out, TEXT, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn numbers(out: &mut Vec<u8>, numbers: &[i32]) {
    head(out, ARRAY, numbers.len() as u64);
    for &n in numbers {
        if n >= 0 {
            head(out, UNSIGNED, n as u64);
        } else {
            head(out, NEGATIVE, (-1 - n as i64) as u64);
        }
    }
}

fn pages(out: &mut Vec<u8>, pages: &[PackedPage]) {
    head(out, ARRAY, pages.len() as u64);
    for page in pages {
        head(out, ARRAY, 3);
        head(out, UNSIGNED, page.page_number as u64);
        numbers(out, &page.locs);
        numbers(out, &page.meta_locs);
    }
}

#[cfg(test)]
mod planpress_tests {
    use super::*;

    fn page(page_number: usize, locs: Vec<i32>, meta_locs: Vec<i32>) -> PackedPage {
        PackedPage {
            page_number,
            locs: locs.into(),
            meta_locs: meta_locs.into(),
        }
    }

    /// planpress: `encode_into` writes what minicbor's derived encoding
    /// writes, at every width of number (lengths share the same heads).
    #[test]
    fn encode_into_is_what_minicbor_writes() {
        let edges: Vec<i32> = vec![
            0,
            1,
            23,
            24,
            255,
            256,
            65_535,
            65_536,
            i32::MAX,
            -1,
            -24,
            -25,
            -256,
            -257,
            -65_536,
            -65_537,
            i32::MIN,
        ];
        let long: Vec<i32> = (0..300).map(|i| i * 7 - 1000).collect();
        let words = vec![
            PackedWord {
                word: "plan".into(),
                pages: vec![
                    page(0, edges.clone(), vec![]),
                    page(300, vec![], edges.clone()),
                    page(70_000, long.clone(), vec![-1, 5]),
                    page(usize::MAX >> 1, vec![1], vec![]),
                    page(9, vec![1, 2, 3, 4], vec![]),
                    page(10, vec![1, 2, 3, 4, 5], vec![]),
                    page(11, vec![], vec![-2, 1, -3, 4, 7]),
                ],
                additional_variants: vec![PackedVariant {
                    form: "plän".into(),
                    pages: vec![page(3, vec![2, -26, 9], vec![])],
                }],
            },
            PackedWord {
                word: "w".repeat(300),
                pages: (0..30).map(|i| page(i, vec![i as i32], vec![])).collect(),
                additional_variants: vec![],
            },
            PackedWord::unnamed(),
        ];
        for words in [vec![], words] {
            let index = WordIndex { words };
            let mut expected = Vec::new();
            minicbor::encode(&index, &mut expected).unwrap();
            let mut written = Vec::new();
            index.encode_into(&mut written);
            assert_eq!(written, expected);
        }
    }
}
