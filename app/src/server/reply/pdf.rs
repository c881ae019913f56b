//! The reasoned reply as a PDF file: A4 pages set in Liberation Serif, the text wrapped at
//! spaces and continued on as many pages as it needs, each page numbered.
//!
//! `pdf-writer` only writes PDF objects, so the layout below is ours. Words are measured with
//! the font's advance widths, without kerning or ligatures. Each font is embedded as a CID
//! font subset to the glyphs used, with a ToUnicode map so that the text can be searched and copied.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::i18n::Lang;
use crate::reply::{Block, ReplyDocument, ReplyLayout};

/// Liberation Serif 2.1.5, SIL Open Font License 1.1 (`app/assets/fonts/OFL.txt`). It covers
/// Cyrillic and is metric-compatible with Times New Roman.
const REGULAR_FONT: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD_FONT: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf");

/// A4 in points (1/72 inch).
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
/// Margins: 30 mm on the left to leave room for binding, 15 mm on the right, 20 mm at the top and bottom.
const MARGIN_LEFT: f32 = 85.04;
const MARGIN_RIGHT: f32 = 42.52;
const MARGIN_TOP: f32 = 56.69;
const MARGIN_BOTTOM: f32 = 56.69;
const TEXT_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

const BODY_SIZE: f32 = 12.0;
const BODY_LEADING: f32 = 15.0;
const TITLE_SIZE: f32 = 15.0;
const FOOTER_SIZE: f32 = 9.0;
/// Indent of a list item's text after its dash.
const LIST_INDENT: f32 = 14.0;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the bundled font could not be read: {0}")]
    Font(#[from] ttf_parser::FaceParsingError),
    #[error("the font could not be subset: {0}")]
    Subset(#[from] subsetter::Error),
}

/// Renders the reply in Russian, the language the body issues it in.
pub fn render(document: &ReplyDocument) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let layout = document.layout(Lang::Ru);
    let pages = paginate(&fonts, &layout, &document.number);
    write_pdf(&fonts, &pages, &format!("{} № {}", layout.title, document.number))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Regular,
    Bold,
}

const STYLES: [Style; 2] = [Style::Regular, Style::Bold];

struct Fonts {
    regular: Face<'static>,
    bold: Face<'static>,
}

impl Fonts {
    fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts { regular: Face::parse(REGULAR_FONT, 0)?, bold: Face::parse(BOLD_FONT, 0)? })
    }

    fn face(&self, style: Style) -> &Face<'static> {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    fn data(style: Style) -> &'static [u8] {
        match style {
            Style::Regular => REGULAR_FONT,
            Style::Bold => BOLD_FONT,
        }
    }

    /// Returns the glyph of `c`, or `.notdef` (glyph 0) when the font lacks it.
    fn glyph(&self, style: Style, c: char) -> u16 {
        self.face(style).glyph_index(c).map_or(0, |g| g.0)
    }

    /// Returns the advance of glyph `gid` in thousandths of the font size, the unit of PDF widths.
    fn glyph_width(&self, style: Style, gid: u16) -> f32 {
        let face = self.face(style);
        let advance = face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        f32::from(advance) * 1000.0 / f32::from(face.units_per_em())
    }

    /// Returns the width of `text` in points at `size`.
    fn width(&self, style: Style, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph_width(style, self.glyph(style, c))).sum::<f32>() * size / 1000.0
    }
}

/// A piece of text set in one style, at a baseline position in points from the page's
/// bottom left corner.
#[derive(Clone, Debug, PartialEq)]
struct Span {
    style: Style,
    size: f32,
    x: f32,
    y: f32,
    text: String,
}

/// A wrapped line: its pieces, with `x` measured from the line's start.
type Line = Vec<(Style, String, f32)>;

/// A word to set, with what precedes it.
struct Word {
    style: Style,
    text: String,
    space_before: bool,
    /// Line breaks in the source right before the word; more than one leaves blank lines.
    breaks_before: usize,
}

/// Splits styled runs into words. Control characters other than line breaks are dropped.
fn words(runs: &[(Style, &str)]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut space = false;
    let mut breaks = 0;
    for (style, text) in runs {
        let mut current = String::new();
        for c in text.replace("\r\n", "\n").chars() {
            if c.is_control() && !c.is_whitespace() {
                continue;
            }
            if c.is_whitespace() {
                if !current.is_empty() {
                    let text = std::mem::take(&mut current);
                    words.push(Word { style: *style, text, space_before: space, breaks_before: breaks });
                    space = false;
                    breaks = 0;
                }
                if c == '\n' {
                    breaks += 1;
                } else {
                    space = true;
                }
            } else {
                current.push(c);
            }
        }
        if !current.is_empty() {
            words.push(Word { style: *style, text: current, space_before: space, breaks_before: breaks });
            space = false;
            breaks = 0;
        }
    }
    words
}

/// Wraps styled runs into lines no wider than `width` points, breaking at spaces and at
/// line breaks of the source. A word wider than a whole line is cut between characters.
fn wrap(fonts: &Fonts, runs: &[(Style, &str)], size: f32, width: f32) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut line: Line = Vec::new();
    let mut x = 0.0;

    for word in words(runs) {
        if word.breaks_before > 0 && (!line.is_empty() || !lines.is_empty()) {
            lines.push(std::mem::take(&mut line));
            lines.extend((1..word.breaks_before).map(|_| Vec::new()));
            x = 0.0;
        }
        let pieces = split_to_width(fonts, word.style, &word.text, size, width);
        for (index, piece) in pieces.into_iter().enumerate() {
            let piece_width = fonts.width(word.style, &piece, size);
            let spaced = word.space_before && index == 0 && !line.is_empty();
            let space_width = if spaced { fonts.width(word.style, " ", size) } else { 0.0 };
            if !line.is_empty() && x + space_width + piece_width > width {
                lines.push(std::mem::take(&mut line));
                line.push((word.style, piece, 0.0));
                x = piece_width;
                continue;
            }

            let start = x + space_width;
            match line.last_mut() {
                Some((style, text, _)) if *style == word.style => {
                    if spaced {
                        text.push(' ');
                    }
                    text.push_str(&piece);
                }
                _ => line.push((word.style, piece, start)),
            }
            x = start + piece_width;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Cuts a word into pieces that each fit `width`. A word that fits is one piece.
fn split_to_width(fonts: &Fonts, style: Style, word: &str, size: f32, width: f32) -> Vec<String> {
    if fonts.width(style, word, size) <= width {
        return vec![word.to_string()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        let mut longer = piece.clone();
        longer.push(c);
        if !piece.is_empty() && fonts.width(style, &longer, size) > width {
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        } else {
            piece = longer;
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// Places lines on pages, top to bottom, starting a new page when one is full.
struct Pager<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Span>>,
    /// Distance from the top margin to the top of the next line.
    cursor: f32,
}

impl<'a> Pager<'a> {
    fn new(fonts: &'a Fonts) -> Self {
        Pager { fonts, pages: vec![Vec::new()], cursor: 0.0 }
    }

    fn room(&self) -> f32 {
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - self.cursor
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cursor = 0.0;
    }

    /// Adds vertical space, which a new page swallows.
    fn gap(&mut self, points: f32) {
        if self.cursor > 0.0 {
            self.cursor = (self.cursor + points).min(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM);
        }
    }

    /// Starts a new page unless `points` fit on this one.
    fn keep(&mut self, points: f32) {
        if self.room() < points && self.cursor > 0.0 {
            self.new_page();
        }
    }

    fn line(&mut self, line: Line, left: f32, size: f32, leading: f32) {
        self.keep(leading);
        let baseline = PAGE_HEIGHT - MARGIN_TOP - self.cursor - size;
        let page = self.pages.last_mut().expect("the pager always has a page");
        for (style, text, x) in line {
            page.push(Span { style, size, x: left + x, y: baseline, text });
        }
        self.cursor += leading;
    }

    /// Sets runs wrapped to `width` starting at `left`.
    fn paragraph(&mut self, runs: &[(Style, &str)], left: f32, width: f32) {
        for line in wrap(self.fonts, runs, BODY_SIZE, width) {
            self.line(line, left, BODY_SIZE, BODY_LEADING);
        }
    }

    /// Sets a line centred between the margins, wrapping it first if it is too long.
    fn centred(&mut self, style: Style, text: &str, size: f32) {
        for line in wrap(self.fonts, &[(style, text)], size, TEXT_WIDTH) {
            let width = line.last().map_or(0.0, |(style, text, x)| x + self.fonts.width(*style, text, size));
            self.line(line, MARGIN_LEFT + (TEXT_WIDTH - width) / 2.0, size, size * 1.3);
        }
    }

    fn block(&mut self, block: &Block, left: f32, width: f32) {
        match block {
            Block::Heading(text) => {
                self.gap(10.0);
                // A heading never ends a page: it stays with at least two lines of its section.
                self.keep(BODY_LEADING * 3.0);
                self.paragraph(&[(Style::Bold, text)], left, width);
            }
            Block::Field { label, value } if value.is_empty() => {
                self.keep(BODY_LEADING * 2.0);
                self.paragraph(&[(Style::Bold, &format!("{label}:"))], left, width);
            }
            Block::Field { label, value } => {
                self.paragraph(&[(Style::Bold, &format!("{label}: ")), (Style::Regular, value)], left, width);
            }
            Block::Strong(text) => self.paragraph(&[(Style::Bold, text)], left, width),
            Block::Paragraph(text) => self.paragraph(&[(Style::Regular, text)], left, width),
            Block::List(items) => {
                for item in items {
                    let lines = wrap(self.fonts, &[(Style::Regular, item)], BODY_SIZE, width - LIST_INDENT);
                    for (index, mut line) in lines.into_iter().enumerate() {
                        for (_, _, x) in line.iter_mut() {
                            *x += LIST_INDENT;
                        }
                        if index == 0 {
                            line.insert(0, (Style::Regular, "—".to_string(), 0.0));
                        }
                        self.line(line, left, BODY_SIZE, BODY_LEADING);
                    }
                }
            }
        }
        self.gap(4.0);
    }
}

/// Lays the reply out on pages and numbers them.
fn paginate(fonts: &Fonts, layout: &ReplyLayout, number: &str) -> Vec<Vec<Span>> {
    let mut pager = Pager::new(fonts);

    let half = TEXT_WIDTH / 2.0;
    for block in &layout.addressee {
        pager.block(block, MARGIN_LEFT + half, half);
    }
    pager.gap(20.0);
    pager.centred(Style::Bold, &layout.title.to_uppercase(), TITLE_SIZE);
    pager.centred(Style::Regular, &layout.subtitle, BODY_SIZE);
    pager.gap(14.0);
    for block in &layout.blocks {
        pager.block(block, MARGIN_LEFT, TEXT_WIDTH);
    }
    pager.gap(20.0);
    pager.keep(BODY_LEADING * layout.signature.len() as f32);
    for block in &layout.signature {
        pager.block(block, MARGIN_LEFT, TEXT_WIDTH);
    }

    let mut pages = pager.pages;
    let count = pages.len();
    let footer = Lang::Ru.texts().reply.doc_page;
    for (index, page) in pages.iter_mut().enumerate() {
        let text = footer(number, index + 1, count);
        let width = fonts.width(Style::Regular, &text, FOOTER_SIZE);
        let x = MARGIN_LEFT + (TEXT_WIDTH - width) / 2.0;
        page.push(Span { style: Style::Regular, size: FOOTER_SIZE, x, y: MARGIN_BOTTOM / 2.0, text });
    }
    pages
}

/// One embedded font: the glyphs used, renumbered for the subset, and the character each
/// new glyph stands for.
struct EmbeddedFont {
    remapper: GlyphRemapper,
    chars: BTreeMap<u16, char>,
}

fn write_pdf(fonts: &Fonts, pages: &[Vec<Span>], title: &str) -> Result<Vec<u8>, PdfError> {
    let mut embedded: BTreeMap<Style, EmbeddedFont> = STYLES
        .into_iter()
        .map(|style| (style, EmbeddedFont { remapper: GlyphRemapper::new(), chars: BTreeMap::new() }))
        .collect();
    for span in pages.iter().flatten() {
        let font = embedded.get_mut(&span.style).expect("every style has an entry");
        for c in span.text.chars() {
            let new = font.remapper.remap(fonts.glyph(span.style, c));
            font.chars.entry(new).or_insert(c);
        }
    }

    let mut next = 1;
    let mut new_ref = || {
        let id = Ref::new(next);
        next += 1;
        id
    };
    let catalog_id = new_ref();
    let tree_id = new_ref();
    let info_id = new_ref();
    let font_ids: BTreeMap<Style, Ref> = STYLES.into_iter().map(|style| (style, new_ref())).collect();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (new_ref(), new_ref())).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr("ru"));
    pdf.document_info(info_id).title(TextStr(title)).producer(TextStr("Appello"));
    pdf.pages(tree_id).kids(page_ids.iter().map(|(page, _)| *page)).count(page_ids.len() as i32);

    for (style, font) in &embedded {
        write_font(&mut pdf, fonts, *style, font, font_ids[style], &mut new_ref)?;
    }

    for (spans, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT)).parent(tree_id).contents(*content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for style in STYLES {
            font_dict.pair(font_name(style), font_ids[&style]);
        }
        font_dict.finish();
        resources.finish();
        page.finish();

        let mut content = Content::new();
        content.begin_text();
        for span in spans {
            let font = &embedded[&span.style];
            let mut encoded = Vec::with_capacity(span.text.len() * 2);
            for c in span.text.chars() {
                let new = font.remapper.get(fonts.glyph(span.style, c)).unwrap_or(0);
                encoded.extend_from_slice(&new.to_be_bytes());
            }
            content.set_font(font_name(span.style), span.size);
            content.set_text_matrix([1.0, 0.0, 0.0, 1.0, span.x, span.y]);
            content.show(Str(&encoded));
        }
        content.end_text();
        let compressed = deflate(&content.finish().into_vec());
        pdf.stream(*content_id, &compressed).filter(Filter::FlateDecode);
    }

    Ok(pdf.finish())
}

fn font_name(style: Style) -> Name<'static> {
    match style {
        Style::Regular => Name(b"F1"),
        Style::Bold => Name(b"F2"),
    }
}

/// Writes a font as a Type 0 font over a CIDFontType2 subset: glyphs are addressed by their
/// two-byte subset ids (Identity-H), and the ToUnicode map restores the characters.
fn write_font(
    pdf: &mut Pdf,
    fonts: &Fonts,
    style: Style,
    font: &EmbeddedFont,
    type0_id: Ref,
    new_ref: &mut impl FnMut() -> Ref,
) -> Result<(), PdfError> {
    let cid_id = new_ref();
    let descriptor_id = new_ref();
    let file_id = new_ref();
    let cmap_id = new_ref();
    let face = fonts.face(style);
    // A subset's name starts with six capital letters and a plus sign.
    let base_name = match style {
        Style::Regular => Name(b"APPLOA+LiberationSerif"),
        Style::Bold => Name(b"APPLOB+LiberationSerif-Bold"),
    };
    let system_info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

    pdf.type0_font(type0_id)
        .base_font(base_name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let widths: Vec<f32> = font.remapper.remapped_gids().map(|old| fonts.glyph_width(style, old)).collect();
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type2)
        .base_font(base_name)
        .system_info(system_info)
        .font_descriptor(descriptor_id)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();

    let scale = |value: i16| f32::from(value) * 1000.0 / f32::from(face.units_per_em());
    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::SERIF | FontFlags::NON_SYMBOLIC;
    if style == Style::Bold {
        flags |= FontFlags::FORCE_BOLD;
    }
    pdf.font_descriptor(descriptor_id)
        .name(base_name)
        .flags(flags)
        .bbox(Rect::new(scale(bbox.x_min), scale(bbox.y_min), scale(bbox.x_max), scale(bbox.y_max)))
        .italic_angle(face.italic_angle())
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        // The PDF reference gives no formula for the stem width, so these are estimates.
        .stem_v(if style == Style::Bold { 140.0 } else { 80.0 })
        .font_file2(file_id);

    let subset = subsetter::subset(Fonts::data(style), 0, &font.remapper)?;
    let compressed = deflate(&subset);
    pdf.stream(file_id, &compressed).filter(Filter::FlateDecode).pair(Name(b"Length1"), subset.len() as i32);

    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Appello-UTF16"), system_info);
    for (glyph, c) in &font.chars {
        cmap.pair(*glyph, *c);
    }
    let cmap = cmap.finish().into_vec();
    pdf.stream(cmap_id, &deflate(&cmap)).filter(Filter::FlateDecode);
    Ok(())
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Ground, Outcome};
    use crate::reply::{ReplyApplicant, ReplyOfficial, ReplyTo};

    fn fonts() -> Fonts {
        Fonts::load().expect("the bundled fonts parse")
    }

    fn line_width(fonts: &Fonts, line: &Line, size: f32) -> f32 {
        line.last().map_or(0.0, |(style, text, x)| x + fonts.width(*style, text, size))
    }

    fn line_text(line: &Line) -> String {
        line.iter().map(|(_, text, _)| text.as_str()).collect::<Vec<_>>().join("|")
    }

    fn document(decision_text: String) -> ReplyDocument {
        ReplyDocument {
            number: "2026-48213-90577".to_string(),
            received_on: "02.11.2026".to_string(),
            registered_on: None,
            org_name: "Министерство внутренних дел Российской Федерации".to_string(),
            service_name: None,
            decided_by: Some(ReplyOfficial {
                position: Some("главный специалист-эксперт отдела по вопросам миграции".to_string()),
                full_name: "Смирнов Олег Викторович".to_string(),
            }),
            decided_on: "12.11.2026".to_string(),
            applicant: ReplyApplicant {
                name: "Петрова Анна Сергеевна".to_string(),
                is_legal: false,
                address: "119021, г. Москва, ул. Льва Толстого, д. 5, кв. 12".to_string(),
                reply_to: ReplyTo::Email("anna.petrova@example.ru".to_string()),
            },
            official_appealed: None,
            grounds: vec![Ground::ServiceDeadline],
            ground_other: None,
            subject: "Паспорт не выдан в срок.".to_string(),
            outcome: Outcome::Refused,
            remedy: None,
            decision_text,
        }
    }

    #[test]
    fn wrapped_lines_fit_width() {
        let fonts = fonts();
        let text = "Паспорт гражданина Российской Федерации не выдан в срок: заявление о замене подано \
                    2 октября в отделение по вопросам миграции. "
            .repeat(6);
        let lines = wrap(&fonts, &[(Style::Bold, "Основания отказа: "), (Style::Regular, &text)], BODY_SIZE, 300.0);
        assert!(lines.len() > 5, "the text wraps into many lines, got {}", lines.len());
        for line in &lines {
            let width = line_width(&fonts, line, BODY_SIZE);
            assert!(width <= 300.0, "line {:?} is {width} points wide", line_text(line));
        }
        assert_eq!(lines[0][0], (Style::Bold, "Основания отказа:".to_string(), 0.0), "the label starts the first line");
        let rejoined: Vec<String> =
            lines.iter().map(|l| l.iter().map(|(_, t, _)| t.clone()).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(
            rejoined.join(" ").split_whitespace().count(),
            text.split_whitespace().count() + 2,
            "no word is lost"
        );
    }

    #[test]
    fn line_breaks_are_kept() {
        let fonts = fonts();
        let lines =
            wrap(&fonts, &[(Style::Regular, "Первый абзац.\n\nВторой абзац.\nТретья строка.")], BODY_SIZE, 400.0);
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        assert_eq!(texts, ["Первый абзац.", "", "Второй абзац.", "Третья строка."]);
    }

    #[test]
    fn overlong_word_is_cut() {
        let fonts = fonts();
        let word = "https://example.ru/".to_string() + &"очень-длинный-адрес-".repeat(10);
        let lines = wrap(&fonts, &[(Style::Regular, &word)], BODY_SIZE, 200.0);
        assert!(lines.len() > 1, "the word is cut into several lines");
        for line in &lines {
            assert!(line_width(&fonts, line, BODY_SIZE) <= 200.0, "line {:?} overflows", line_text(line));
        }
        let joined: String = lines.iter().map(line_text).collect();
        assert_eq!(joined, word, "cutting loses no character");
    }

    #[test]
    fn long_decision_spans_pages() {
        let fonts = fonts();
        let short = document("Нарушений не выявлено.".to_string());
        let pages = paginate(&fonts, &short.layout(Lang::Ru), &short.number);
        assert_eq!(pages.len(), 1, "a short reply fits one page");

        let long = document("Доводы заявителя рассмотрены и не подтвердились. ".repeat(400));
        let pages = paginate(&fonts, &long.layout(Lang::Ru), &long.number);
        assert!(pages.len() >= 3, "a long decision continues on further pages, got {}", pages.len());
        for (index, page) in pages.iter().enumerate() {
            let footer = page.last().expect("every page has a footer");
            assert_eq!(
                footer.text,
                format!(
                    "Мотивированный ответ по жалобе № 2026-48213-90577 — страница {} из {}",
                    index + 1,
                    pages.len()
                )
            );
            for span in page {
                let right = span.x + fonts.width(span.style, &span.text, span.size);
                assert!(right <= PAGE_WIDTH - MARGIN_RIGHT + 0.01, "{:?} runs into the right margin", span.text);
                assert!(span.y >= MARGIN_BOTTOM / 2.0, "{:?} is below the footer line", span.text);
                assert!(span.y <= PAGE_HEIGHT - MARGIN_TOP, "{:?} runs into the top margin", span.text);
            }
        }
    }

    #[test]
    fn official_named_by_position_and_name() {
        let fonts = fonts();
        let document = document("Нарушений не выявлено.".to_string());
        let pages = paginate(&fonts, &document.layout(Lang::Ru), &document.number);
        let text = pages.iter().flatten().flat_map(|span| span.text.split_whitespace()).collect::<Vec<_>>().join(" ");
        let expected = "главный специалист-эксперт отдела по вопросам миграции Смирнов Олег Викторович";
        assert_eq!(text.matches(expected).count(), 2, "the official and the signature name them:\n{text}");
    }

    #[test]
    fn render_writes_pdf() {
        let bytes = render(&document("Нарушений не выявлено.".to_string())).expect("the reply renders");
        assert!(bytes.starts_with(b"%PDF-"), "the file starts with the PDF header");
        assert!(bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"), "the file ends with the PDF trailer");
        assert!(bytes.len() < 200_000, "the fonts are subset, so the file stays small: {} bytes", bytes.len());
    }
}
