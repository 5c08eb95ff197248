//! The fast parser's lexer: the whole text into tokens at once, comments
//! and whitespace dropped. It follows rnix's tokenizer rules (paths, URIs
//! and identifiers are told apart by the same look-ahead), and gives up —
//! `None`, leaving the text to rnix — on anything it does not handle:
//! invalid tokens, URIs, search paths, paths with `${}`, non-ASCII text
//! outside strings and comments.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Ident,
    Int,
    Float,
    /// A path without interpolation (`./a.nix`, `/etc`, `~/x`).
    Path,
    /// `"` or `''`.
    StrStart,
    /// A string's text between its start, its end and interpolations.
    StrContent,
    StrEnd,
    /// `${`, in a string or as a dynamic attribute.
    InterpStart,
    InterpEnd,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    LParen,
    RParen,
    Semicolon,
    Colon,
    Comma,
    Dot,
    Ellipsis,
    Assign,
    At,
    Question,
    Concat,
    Add,
    Sub,
    Mul,
    Div,
    Update,
    Equal,
    NotEqual,
    Less,
    LessOrEq,
    More,
    MoreOrEq,
    AndAnd,
    OrOr,
    Implication,
    Invert,
    PipeRight,
    PipeLeft,
    Assert,
    Else,
    If,
    In,
    Inherit,
    Let,
    /// The keyword `or` (also an attribute name).
    Or,
    Rec,
    Then,
    With,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Tok,
    pub start: u32,
    pub end: u32,
}

/// What the lexer is inside of.
#[derive(Clone, Copy)]
enum Ctx {
    /// `${ ... }`, with how many `{` are open in it.
    Interp(u32),
    /// A string's body (`''` strings are multiline).
    Str { multiline: bool },
}

/// Character classes, by byte (a table: the lexer asks for every byte).
const PATH: u8 = 1;
const URI: u8 = 2;
const IDENT: u8 = 4;
const SPACE: u8 = 8;

const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        // rnix's path characters; URIs allow a few more.
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'.' | b'+' | b'-') {
            t[c] |= PATH | URI;
        }
        if matches!(
            b,
            b'%' | b'?' | b':' | b'@' | b'&' | b'=' | b'$' | b',' | b'!' | b'~' | b'*' | b'\''
        ) {
            t[c] |= URI;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'\'') {
            t[c] |= IDENT;
        }
        // As `char::is_whitespace` sees ASCII.
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            t[c] |= SPACE;
        }
        c += 1;
    }
    t
};

fn is_path_char(c: u8) -> bool {
    CLASSES[c as usize] & PATH != 0
}

fn is_uri_char(c: u8) -> bool {
    CLASSES[c as usize] & URI != 0
}

fn is_ident_char(c: u8) -> bool {
    CLASSES[c as usize] & IDENT != 0
}

fn is_space(c: u8) -> bool {
    CLASSES[c as usize] & SPACE != 0
}

/// The tokens of `text`, or `None` when it is left to rnix.
pub fn lex(text: &str) -> Option<Vec<Token>> {
    if text.len() >= u32::MAX as usize {
        return None;
    }
    let mut lexer = Lexer {
        b: text.as_bytes(),
        i: 0,
        ctx: Vec::new(),
        out: Vec::with_capacity(text.len() / 3),
        plain_until: 0,
    };
    while lexer.i < lexer.b.len() {
        match lexer.ctx.last() {
            Some(&Ctx::Str { multiline }) => lexer.string_body(multiline)?,
            _ => lexer.token()?,
        }
    }
    // Ending inside a string or an interpolation is a syntax error.
    lexer.ctx.is_empty().then_some(lexer.out)
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    ctx: Vec<Ctx>,
    out: Vec<Token>,
    /// Words starting before this are plain: the look-ahead from an
    /// earlier start in the same run of path characters found so, for a
    /// reason every later start in the run shares. (`a.b.c.d` is one run,
    /// and each of its words would otherwise scan the rest of it again.)
    plain_until: usize,
}

impl Lexer<'_> {
    fn at(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn push(&mut self, kind: Tok, start: usize) {
        self.out.push(Token {
            kind,
            start: start as u32,
            end: self.i as u32,
        });
    }

    fn skip_while(&mut self, f: impl Fn(u8) -> bool) -> usize {
        let from = self.i;
        while self.i < self.b.len() && f(self.b[self.i]) {
            self.i += 1;
        }
        self.i - from
    }

    /// A string's text up to its end or an interpolation, then that.
    fn string_body(&mut self, multiline: bool) -> Option<()> {
        let start = self.i;
        let end_len = loop {
            match self.at(0)? {
                b'"' if !multiline => break 1,
                b'\\' if !multiline => {
                    self.at(1)?;
                    self.i += 2;
                }
                b'\'' if multiline && self.at(1) == Some(b'\'') => match self.at(2) {
                    // `'''` and `''$` are escapes, `''\x` escapes x.
                    Some(b'\'') | Some(b'$') => self.i += 3,
                    Some(b'\\') => {
                        self.at(3)?;
                        self.i += 4;
                    }
                    _ => break 2,
                },
                b'$' if self.at(1) == Some(b'$') => self.i += 2,
                b'$' if self.at(1) == Some(b'{') => break 0,
                _ => self.i += 1,
            }
        };
        if self.i > start {
            self.push(Tok::StrContent, start);
        }
        let start = self.i;
        if end_len == 0 {
            self.i += 2;
            self.ctx.push(Ctx::Interp(0));
            self.push(Tok::InterpStart, start);
        } else {
            self.i += end_len;
            self.ctx.pop();
            self.push(Tok::StrEnd, start);
        }
        Some(())
    }

    /// The kind of word starting here, by rnix's look-ahead over path
    /// characters: a relative path, a search path, a URI, or none of them.
    fn lookahead(&mut self) -> Word {
        if self.i < self.plain_until {
            return Word::Plain;
        }
        let rest = &self.b[self.i..];
        let search = rest[0] == b'<';
        let mut n = 0;
        let mut underscore = false;
        // `/` and `<` only count in a search path.
        while n < rest.len()
            && match rest[n] {
                b'/' | b'<' => search,
                c => is_path_char(c),
            }
        {
            underscore |= rest[n] == b'_';
            n += 1;
        }
        let word = match (rest.get(n), rest.get(n + 1)) {
            (Some(b'/'), Some(b'/' | b'*')) => Word::Plain,
            (Some(b'/'), Some(&c)) if c >= 0x80 || !is_space(c) => Word::RelPath,
            (Some(b'>'), _) => Word::SearchPath,
            (Some(b':'), Some(&c)) if is_uri_char(c) => {
                // A later start may lack the underscore: not shared.
                return if underscore { Word::Plain } else { Word::Uri };
            }
            _ => Word::Plain,
        };
        if word == Word::Plain && !search {
            self.plain_until = self.i + n;
        }
        word
    }

    /// One token outside strings (or skips whitespace or a comment).
    fn token(&mut self) -> Option<()> {
        let start = self.i;
        let c = self.b[self.i];
        if is_space(c) {
            self.skip_while(is_space);
            return Some(());
        }
        if c >= 0x80 {
            return None;
        }
        if c == b'#' {
            self.skip_while(|c| c != b'\n');
            return Some(());
        }
        if c == b'/' && self.at(1) == Some(b'*') {
            let end = self.b[self.i + 2..].windows(2).position(|w| w == b"*/")?;
            self.i += 2 + end + 2;
            return Some(());
        }
        if self.b[self.i..].starts_with(b"...") {
            self.i += 3;
            self.push(Tok::Ellipsis, start);
            return Some(());
        }
        let word = match c {
            b'/' => match self.at(1) {
                Some(b'/') => Word::Plain,
                Some(b'$') if self.at(2) == Some(b'{') => return None,
                Some(n) if is_path_char(n) && n != b'*' => Word::AbsPath,
                _ => Word::Plain,
            },
            b'~' => return self.path(start, true),
            _ => self.lookahead(),
        };
        if matches!(word, Word::AbsPath | Word::RelPath) {
            return self.path(start, false);
        }
        self.i += 1;
        let next = self.at(0);
        let kind = match c {
            b'=' if next == Some(b'=') => self.two(Tok::Equal),
            b'!' if next == Some(b'=') => self.two(Tok::NotEqual),
            b'!' => Tok::Invert,
            b'{' => {
                if let Some(Ctx::Interp(open)) = self.ctx.last_mut() {
                    *open += 1;
                }
                Tok::LBrace
            }
            b'}' => match self.ctx.last_mut() {
                Some(Ctx::Interp(0)) => {
                    self.ctx.pop();
                    Tok::InterpEnd
                }
                Some(Ctx::Interp(open)) => {
                    *open -= 1;
                    Tok::RBrace
                }
                _ => Tok::RBrace,
            },
            b'[' => Tok::LBrack,
            b']' => Tok::RBrack,
            b'@' => Tok::At,
            b':' => Tok::Colon,
            b',' => Tok::Comma,
            b'.' if next.is_some_and(|d| d.is_ascii_digit()) => {
                self.skip_while(|c| c.is_ascii_digit());
                self.exponent()?
            }
            b'.' => Tok::Dot,
            b'=' => Tok::Assign,
            b'?' => Tok::Question,
            b';' => Tok::Semicolon,
            b'(' => Tok::LParen,
            b')' => Tok::RParen,
            b'+' if next == Some(b'+') => self.two(Tok::Concat),
            b'-' if next == Some(b'>') => self.two(Tok::Implication),
            b'/' if next == Some(b'/') => self.two(Tok::Update),
            b'+' => Tok::Add,
            b'-' => Tok::Sub,
            b'*' => Tok::Mul,
            b'/' => Tok::Div,
            b'<' if next == Some(b'|') => self.two(Tok::PipeLeft),
            b'<' if word == Word::SearchPath => return None,
            b'&' if next == Some(b'&') => self.two(Tok::AndAnd),
            b'|' if next == Some(b'>') => self.two(Tok::PipeRight),
            b'|' if next == Some(b'|') => self.two(Tok::OrOr),
            b'<' if next == Some(b'=') => self.two(Tok::LessOrEq),
            b'<' => Tok::Less,
            b'>' if next == Some(b'=') => self.two(Tok::MoreOrEq),
            b'>' => Tok::More,
            b'$' if next == Some(b'{') => {
                self.i += 1;
                self.ctx.push(Ctx::Interp(0));
                Tok::InterpStart
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                if word == Word::Uri {
                    return None;
                }
                self.skip_while(is_ident_char);
                keyword(&self.b[start..self.i]).unwrap_or(Tok::Ident)
            }
            b'"' => {
                self.ctx.push(Ctx::Str { multiline: false });
                Tok::StrStart
            }
            b'\'' if next == Some(b'\'') => {
                self.i += 1;
                self.ctx.push(Ctx::Str { multiline: true });
                Tok::StrStart
            }
            b'0'..=b'9' => {
                if c == b'0' && next != Some(b'.') {
                    self.skip_while(|c| c.is_ascii_digit());
                    Tok::Int
                } else {
                    self.skip_while(|c| c.is_ascii_digit());
                    if self.at(0) == Some(b'.') {
                        self.i += 1;
                        self.skip_while(|c| c.is_ascii_digit());
                        self.exponent()?
                    } else {
                        Tok::Int
                    }
                }
            }
            _ => return None,
        };
        self.push(kind, start);
        Some(())
    }

    fn two(&mut self, kind: Tok) -> Tok {
        self.i += 1;
        kind
    }

    /// A float's optional exponent (`e`, a sign, digits).
    fn exponent(&mut self) -> Option<Tok> {
        if matches!(self.at(0), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.at(0), Some(b'-' | b'+')) {
                self.i += 1;
            }
            if self.skip_while(|c| c.is_ascii_digit()) == 0 {
                return None;
            }
        }
        Some(Tok::Float)
    }

    /// A path token (`home`: it starts with `~`, which must be `~/`).
    fn path(&mut self, start: usize, home: bool) -> Option<()> {
        self.i += 1;
        if home {
            if self.at(0) != Some(b'/') {
                return None;
            }
            self.i += 1;
        }
        self.skip_while(is_path_char);
        let text = &self.b[start..self.i];
        let interpolated = self.b[self.i..].starts_with(b"${");
        if interpolated || text.ends_with(b"/") || text.windows(2).any(|w| w == b"//") {
            return None;
        }
        self.push(Tok::Path, start);
        Some(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Plain,
    AbsPath,
    RelPath,
    SearchPath,
    Uri,
}

fn keyword(word: &[u8]) -> Option<Tok> {
    Some(match word {
        b"assert" => Tok::Assert,
        b"else" => Tok::Else,
        b"if" => Tok::If,
        b"in" => Tok::In,
        b"inherit" => Tok::Inherit,
        b"let" => Tok::Let,
        b"or" => Tok::Or,
        b"rec" => Tok::Rec,
        b"then" => Tok::Then,
        b"with" => Tok::With,
        _ => return None,
    })
}
