//! The byte form of the company catalog a device keeps, so a start reads one value and copies
//! a few arrays instead of reading and indexing every company again.
//!
//! The format is a magic and a version, then sections in a fixed order: arrays of
//! little-endian integers and UTF-8 texts, each with its length first. It is written by the
//! same build of the app that reads it; a snapshot of any other version, or one that does not
//! add up, is refused as a whole and the catalog is built from the companies again. A
//! general-purpose serialisation format would add per-element framing and code to the shell
//! for what is, here, a handful of flat arrays.

/// What a snapshot starts with; the last four bytes are the format's version.
const MAGIC: &[u8; 8] = b"KPCAT\0\0\x03";

/// Why a snapshot could not be read: it is rebuilt from the companies instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError(pub &'static str);

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "company snapshot unreadable: {}", self.0)
    }
}

impl std::error::Error for SnapshotError {}

/// Many strings in one buffer: string `i` is `text[ends[i - 1]..ends[i]]`. One allocation for
/// 100,000 names instead of 100,000, and a copy of two arrays to read them back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Texts {
    text: String,
    ends: Vec<u32>,
}

impl Texts {
    pub(crate) fn push(&mut self, text: &str) {
        self.text.push_str(text);
        // Past 4 GiB of text the end no longer fits; such a catalog is far beyond a municipality.
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        self.text.get(self.span(i)?)
    }

    /// Text `i` as bytes: no character boundary to check, so only its own bytes are read.
    pub(crate) fn get_bytes(&self, i: usize) -> Option<&[u8]> {
        self.text.as_bytes().get(self.span(i)?)
    }

    fn span(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? as usize };
        Some(start..end)
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn bytes(&self) -> usize {
        self.text.len() + 4 * self.ends.len()
    }

    /// Checks what [`Texts::get`] relies on: ends ascending, within the text, on character
    /// boundaries.
    fn valid(&self) -> bool {
        let mut before = 0;
        self.ends.iter().all(|&end| {
            let ok = end >= before && self.text.is_char_boundary(end as usize);
            before = end;
            ok
        })
    }
}

impl Extend<String> for Texts {
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        for text in iter {
            self.push(&text);
        }
    }
}

impl FromIterator<String> for Texts {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let mut texts = Self::default();
        texts.extend(iter);
        texts
    }
}

/// Writes a snapshot's sections.
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    pub(crate) fn new() -> Self {
        Self(MAGIC.to_vec())
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.0
    }

    fn len(&mut self, n: usize) {
        self.0.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    }

    pub(crate) fn u8s(&mut self, values: &[u8]) {
        self.len(values.len());
        self.0.extend_from_slice(values);
    }

    pub(crate) fn u16s(&mut self, values: &[u16]) {
        self.len(values.len());
        self.0.extend(values.iter().flat_map(|v| v.to_le_bytes()));
    }

    pub(crate) fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        self.0.extend(values.iter().flat_map(|v| v.to_le_bytes()));
    }

    pub(crate) fn u64s(&mut self, values: &[u64]) {
        self.len(values.len());
        self.0.extend(values.iter().flat_map(|v| v.to_le_bytes()));
    }

    pub(crate) fn texts(&mut self, texts: &Texts) {
        self.u8s(texts.text.as_bytes());
        self.u32s(&texts.ends);
    }
}

/// Reads a snapshot's sections in the order they were written.
pub(crate) struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Result<Self, SnapshotError> {
        match bytes.strip_prefix(MAGIC.as_slice()) {
            Some(rest) => Ok(Self(rest)),
            None => Err(SnapshotError("another format or version")),
        }
    }

    /// Every section has been read and nothing is left over.
    pub(crate) fn end(self) -> Result<(), SnapshotError> {
        if self.0.is_empty() { Ok(()) } else { Err(SnapshotError("bytes after the last section")) }
    }

    fn section(&mut self, width: usize) -> Result<&'a [u8], SnapshotError> {
        let (len, rest) = self.0.split_first_chunk::<4>().ok_or(SnapshotError("cut short"))?;
        let bytes =
            (u32::from_le_bytes(*len) as usize).checked_mul(width).ok_or(SnapshotError("too long"))?;
        if rest.len() < bytes {
            return Err(SnapshotError("cut short"));
        }
        let (section, rest) = rest.split_at(bytes);
        self.0 = rest;
        Ok(section)
    }

    pub(crate) fn u8s(&mut self) -> Result<Vec<u8>, SnapshotError> {
        Ok(self.section(1)?.to_vec())
    }

    pub(crate) fn u16s(&mut self) -> Result<Vec<u16>, SnapshotError> {
        Ok(self.section(2)?.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect())
    }

    pub(crate) fn u32s(&mut self) -> Result<Vec<u32>, SnapshotError> {
        Ok(self.section(4)?.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }

    pub(crate) fn u64s(&mut self) -> Result<Vec<u64>, SnapshotError> {
        Ok(self
            .section(8)?
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect())
    }

    pub(crate) fn texts(&mut self) -> Result<Texts, SnapshotError> {
        let text = String::from_utf8(self.u8s()?).map_err(|_| SnapshotError("text is not UTF-8"))?;
        let texts = Texts { text, ends: self.u32s()? };
        if texts.valid() { Ok(texts) } else { Err(SnapshotError("text ends out of order")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_read_back_as_written_and_damage_is_refused() {
        let texts: Texts = ["Århus", "", "bager"].map(String::from).into_iter().collect();
        let mut w = Writer::new();
        w.texts(&texts);
        w.u16s(&[730, 1]);
        w.u64s(&[u64::MAX]);
        let bytes = w.finish();

        let mut r = Reader::new(&bytes).expect("magic");
        let back = r.texts().expect("texts");
        assert_eq!(
            (back.get(0), back.get(1), back.get(2), back.get(3)),
            (Some("Århus"), Some(""), Some("bager"), None)
        );
        assert_eq!(r.u16s(), Ok(vec![730, 1]));
        assert_eq!(r.u64s(), Ok(vec![u64::MAX]));
        assert_eq!(r.end(), Ok(()));

        for cut in [0, 7, 9, bytes.len() - 1] {
            let read = Reader::new(&bytes[..cut]).and_then(|mut r| {
                r.texts()?;
                r.u16s()?;
                r.u64s()?;
                r.end()
            });
            assert!(read.is_err(), "cut at {cut}");
        }
        let mut older = bytes.clone();
        older[7] = 1;
        assert!(Reader::new(&older).is_err(), "an older version is refused");
        // An end inside "Å" (two bytes) is not a character boundary.
        let mut split = Writer::new();
        split.texts(&Texts { text: "Å".into(), ends: vec![1, 2] });
        assert!(Reader::new(&split.finish()).and_then(|mut r| r.texts()).is_err());
    }
}
