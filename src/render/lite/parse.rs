//! A template's pieces read as a tree: text, output, `if`/`elif`/`else`, `for`, `set` and
//! `include`, with expressions parsed by tera's precedence (its Pratt binding powers). Only
//! the part of tera's language the templates use is read; for anything else the reading is
//! `None`, and the template is left to tera.

use tera::Value;

use crate::render::lite::lex::{Piece, Token};

/// One node of a template.
#[derive(Debug)]
pub enum Node {
    Text(&'static str),
    Out(Expr),
    /// Each condition with its body, then the `else` body (empty when there is none).
    If(Vec<(Expr, Vec<Node>)>, Vec<Node>),
    For {
        var: &'static str,
        over: Expr,
        body: Vec<Node>,
    },
    Set(&'static str, Expr),
    Include(&'static str),
}

/// An expression.
#[derive(Debug)]
pub enum Expr {
    Const(Value),
    Name(&'static str),
    Attr(Box<Expr>, &'static str),
    /// `loop.last` and its kin, inside a `for` of the same template.
    Loop(LoopField),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Equal(Box<Expr>, Box<Expr>),
    In(Box<Expr>, Box<Expr>),
    Defined(&'static str),
    Concat(Box<Expr>, Box<Expr>),
    Filter(Box<Expr>, Filter),
    SdkPartial(&'static str),
    Array(Vec<Expr>),
    Comprehension {
        item: Box<Expr>,
        var: &'static str,
        over: Box<Expr>,
        condition: Option<Box<Expr>>,
    },
}

#[derive(Debug, Clone, Copy)]
pub enum LoopField {
    Index,
    Index0,
    First,
    Last,
    Length,
}

/// The filters the templates use: ours, and tera's `lower`.
#[derive(Debug, Clone, Copy)]
pub enum Filter {
    GoString,
    HclString,
    YamlString,
    TomlString,
    Lower,
}

/// Below tera's limits (40 nested `if`/`for` bodies; 40 levels of expression, 256 operators
/// and dots in one), with a margin: tera counts some steps this reading does not.
const MAX_NESTING: usize = 32;
const MAX_EXPR_DEPTH: usize = 32;
const MAX_OPERATIONS: usize = 200;

/// Names tera refuses as loop or comprehension variables.
const RESERVED: [&str; 16] = [
    "true", "True", "false", "False", "loop", "self", "and", "or", "not", "is", "in", "continue",
    "break", "none", "None", "null",
];

/// The template's tree, or `None` when it uses what this reading leaves to tera.
pub fn template(pieces: Vec<Piece>) -> Option<Vec<Node>> {
    let mut reader = Reader {
        pieces: pieces.into_iter(),
        loops: 0,
        nesting: 0,
    };
    let (body, end) = reader.body()?;
    end.is_none().then_some(body)
}

struct Reader {
    pieces: std::vec::IntoIter<Piece>,
    /// How many `for` bodies enclose the piece being read.
    loops: usize,
    /// How many `if` and `for` bodies do.
    nesting: usize,
}

/// The tag that ended a body: `endif`, `else`, `elif <expr>` or `endfor`.
enum End {
    If,
    Else,
    Elif(Expr),
    For,
}

impl Reader {
    /// Nodes up to the end of the input (`None` as the end) or a closing tag.
    fn body(&mut self) -> Option<(Vec<Node>, Option<End>)> {
        let mut nodes = Vec::new();
        while let Some(piece) = self.pieces.next() {
            match piece {
                Piece::Text(text) => nodes.push(Node::Text(text)),
                Piece::Out(tokens) => nodes.push(Node::Out(self.whole(&tokens)?)),
                Piece::Tag(tokens) => match self.tag(&tokens)? {
                    Ok(node) => nodes.push(node),
                    Err(end) => return Some((nodes, Some(end))),
                },
            }
        }
        Some((nodes, None))
    }

    /// A tag: a node, or the end of the body being read.
    fn tag(&mut self, tokens: &[Token]) -> Option<Result<Node, End>> {
        let (Token::Ident(word), rest) = tokens.split_first()? else {
            return None;
        };
        let node = match (*word, rest) {
            ("endif", []) => return Some(Err(End::If)),
            ("else", []) => return Some(Err(End::Else)),
            ("endfor", []) => return Some(Err(End::For)),
            ("elif", _) => return Some(Err(End::Elif(self.whole(rest)?))),
            ("if", _) => {
                let condition = self.whole(rest)?;
                self.nested(|reader| reader.if_node(condition))?
            }
            ("for", [Token::Ident(var), Token::Ident("in"), over @ ..])
                if !RESERVED.contains(var) =>
            {
                // As tera: the target is read inside the loop (`loop.*` is the loop's there).
                self.loops += 1;
                let read = self.whole(over).and_then(|over| {
                    let (body, end) = self.nested(Reader::body)?;
                    matches!(end, Some(End::For)).then_some(Node::For { var, over, body })
                });
                self.loops -= 1;
                read?
            }
            ("set", [Token::Ident(name), Token::Assign, value @ ..])
                if !RESERVED.contains(name) =>
            {
                Node::Set(name, self.whole(value)?)
            }
            ("include", [Token::Str(name)]) => Node::Include(name),
            _ => return None,
        };
        Some(Ok(node))
    }

    /// `read` one level deeper in `if` and `for` bodies; `None` past tera's limit.
    fn nested<T>(&mut self, read: impl FnOnce(&mut Reader) -> Option<T>) -> Option<T> {
        if self.nesting >= MAX_NESTING {
            return None;
        }
        self.nesting += 1;
        let result = read(self);
        self.nesting -= 1;
        result
    }

    /// An `if` whose condition is read: its branches up to `endif`.
    fn if_node(&mut self, condition: Expr) -> Option<Node> {
        let mut branches = Vec::new();
        let mut condition = condition;
        loop {
            let (body, end) = self.body()?;
            branches.push((condition, body));
            match end? {
                End::If => return Some(Node::If(branches, Vec::new())),
                End::Elif(next) => condition = next,
                End::Else => {
                    let (otherwise, end) = self.body()?;
                    let Some(End::If) = end else { return None };
                    return Some(Node::If(branches, otherwise));
                }
                End::For => return None,
            }
        }
    }

    /// `tokens` read as one expression, every token used.
    fn whole(&self, tokens: &[Token]) -> Option<Expr> {
        let mut parser = Parser {
            tokens,
            at: 0,
            in_loop: self.loops > 0,
            depth: 0,
            operations: 0,
            arrays: 0,
        };
        let expr = parser.expr(0)?;
        (parser.at == tokens.len()).then_some(expr)
    }
}

/// tera's binding powers (left, right) of the binary operators read here.
fn binding_power(token: &Token) -> Option<(u8, u8)> {
    Some(match token {
        Token::Ident("or") => (1, 2),
        Token::Ident("and") => (3, 4),
        Token::Ident("in" | "is" | "not") => (5, 6),
        Token::Equal | Token::NotEqual => (7, 8),
        Token::Tilde => (13, 14),
        Token::Pipe => (17, 18),
        _ => return None,
    })
}

/// The right binding power of the prefix `not`.
const NOT_POWER: u8 = 5;

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
    in_loop: bool,
    /// How deep `expr` is, how many operators and dots it has read, how deep arrays are.
    depth: usize,
    operations: usize,
    arrays: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at)?.clone();
        self.at += 1;
        Some(token)
    }

    fn expect(&mut self, token: Token) -> Option<()> {
        (self.next()? == token).then_some(())
    }

    fn expr(&mut self, min_power: u8) -> Option<Expr> {
        if self.depth >= MAX_EXPR_DEPTH {
            return None;
        }
        self.depth += 1;
        let expr = self.operations(min_power);
        self.depth -= 1;
        expr
    }

    /// An operand and the operators after it that bind at least `min_power`.
    fn operations(&mut self, min_power: u8) -> Option<Expr> {
        let mut lhs = self.prefix()?;
        while let Some(token) = self.peek() {
            let (left, right) = match token {
                // As tera: a ternary only at the lowest power; above it, `if` ends the operand.
                Token::Ident("if") if min_power > 0 => break,
                // A ternary and a subscript are tera's to read.
                Token::Ident("if") | Token::LeftBracket => return None,
                token => match binding_power(token) {
                    Some(powers) => powers,
                    None => break,
                },
            };
            if left < min_power {
                break;
            }
            self.count_operation()?;
            let token = self.next()?;
            let mut negated = false;
            if token == Token::Ident("not") {
                self.expect(Token::Ident("in"))?;
                negated = true;
            }
            lhs = match token {
                Token::Ident("is") => {
                    negated = self.peek() == Some(&Token::Ident("not"));
                    self.at += usize::from(negated);
                    let Expr::Name(name) = lhs else { return None };
                    self.expect(Token::Ident("defined"))?;
                    Expr::Defined(name)
                }
                Token::Pipe => Expr::Filter(Box::new(lhs), self.filter()?),
                _ => {
                    let rhs = self.expr(right)?;
                    if token == Token::Tilde && matches!(rhs, Expr::Not(_)) {
                        return None;
                    }
                    let (l, r) = (Box::new(lhs), Box::new(rhs));
                    match token {
                        Token::Ident("or") => Expr::Or(l, r),
                        Token::Ident("and") => Expr::And(l, r),
                        Token::Ident("in" | "not") => Expr::In(l, r),
                        Token::Equal => Expr::Equal(l, r),
                        Token::NotEqual => Expr::Not(Box::new(Expr::Equal(l, r))),
                        _ => Expr::Concat(l, r),
                    }
                }
            };
            if negated {
                lhs = Expr::Not(Box::new(lhs));
            }
        }
        Some(lhs)
    }

    fn prefix(&mut self) -> Option<Expr> {
        Some(match self.next()? {
            Token::Str(text) => Expr::Const(Value::from(text)),
            Token::Bool(b) => Expr::Const(Value::from(b)),
            Token::Ident("not") => {
                // tera refuses `not not x`; leave it to tera to say so.
                if self.peek() == Some(&Token::Ident("not")) {
                    return None;
                }
                Expr::Not(Box::new(self.expr(NOT_POWER)?))
            }
            Token::Ident("none" | "None" | "null") => return None,
            Token::Ident(name) => self.name(name)?,
            Token::LeftBracket => self.array()?,
            Token::LeftParen => {
                let inner = self.expr(0)?;
                self.expect(Token::RightParen)?;
                inner
            }
            _ => return None,
        })
    }

    /// A name, a function call or a dotted path.
    fn name(&mut self, name: &'static str) -> Option<Expr> {
        if self.peek() == Some(&Token::LeftParen) {
            return self.call(name);
        }
        let mut expr = Expr::Name(name);
        while self.peek() == Some(&Token::Dot) {
            self.count_operation()?;
            self.at += 1;
            let Token::Ident(attr) = self.next()? else {
                return None;
            };
            expr = match (&expr, name) {
                (Expr::Name(_), "loop") if self.in_loop => Expr::Loop(match attr {
                    "index" => LoopField::Index,
                    "index0" => LoopField::Index0,
                    "first" => LoopField::First,
                    "last" => LoopField::Last,
                    "length" => LoopField::Length,
                    _ => return None,
                }),
                _ => Expr::Attr(Box::new(expr), attr),
            };
        }
        Some(expr)
    }

    /// One more operator or dot; `None` past tera's limit.
    fn count_operation(&mut self) -> Option<()> {
        self.operations += 1;
        (self.operations <= MAX_OPERATIONS).then_some(())
    }

    /// `sdk_partial(path="…")`, the only function the templates call.
    fn call(&mut self, name: &'static str) -> Option<Expr> {
        let rest = self.tokens.get(self.at..self.at + 5)?;
        match (name, rest) {
            (
                "sdk_partial",
                [
                    Token::LeftParen,
                    Token::Ident("path"),
                    Token::Assign,
                    Token::Str(path),
                    Token::RightParen,
                ],
            ) => {
                self.at += 5;
                Some(Expr::SdkPartial(path))
            }
            _ => None,
        }
    }

    /// After `|`: a filter without arguments.
    fn filter(&mut self) -> Option<Filter> {
        let Token::Ident(name) = self.next()? else {
            return None;
        };
        if self.peek() == Some(&Token::LeftParen) {
            return None;
        }
        Some(match name {
            "go_string" => Filter::GoString,
            "hcl_string" => Filter::HclString,
            "yaml_string" => Filter::YamlString,
            "toml_string" => Filter::TomlString,
            "lower" => Filter::Lower,
            _ => return None,
        })
    }

    /// After `[`: an array, or a list comprehension (`[x for x in y if z]`).
    fn array(&mut self) -> Option<Expr> {
        // tera refuses arrays nested deeper than two.
        if self.arrays >= 2 {
            return None;
        }
        self.arrays += 1;
        let array = self.items();
        self.arrays -= 1;
        array
    }

    /// The items of an array up to its `]`, or a list comprehension.
    fn items(&mut self) -> Option<Expr> {
        let mut items = Vec::new();
        loop {
            if self.peek() == Some(&Token::RightBracket) {
                break;
            }
            if !items.is_empty() {
                self.expect(Token::Comma)?;
                if self.peek() == Some(&Token::RightBracket) {
                    break;
                }
            }
            let item = self.expr(0)?;
            if items.is_empty() && self.peek() == Some(&Token::Ident("for")) {
                return self.comprehension(item);
            }
            items.push(item);
        }
        self.expect(Token::RightBracket)?;
        Some(Expr::Array(items))
    }

    fn comprehension(&mut self, item: Expr) -> Option<Expr> {
        self.expect(Token::Ident("for"))?;
        let Token::Ident(var) = self.next()? else {
            return None;
        };
        if RESERVED.contains(&var) {
            return None;
        }
        self.expect(Token::Ident("in"))?;
        // As tera: above the ternary's power, so `if` ends the target.
        let over = self.expr(1)?;
        let condition = match self.peek() {
            Some(Token::Ident("if")) => {
                self.at += 1;
                Some(Box::new(self.expr(1)?))
            }
            _ => None,
        };
        self.expect(Token::RightBracket)?;
        Some(Expr::Comprehension {
            item: Box::new(item),
            var,
            over: Box::new(over),
            condition,
        })
    }
}
