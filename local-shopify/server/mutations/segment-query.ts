/*
 * The part of Shopify's segment query language the local Shopify understands: a parser that
 * reports errors the way Shopify words them ("Line 1 Column 4: 'a' filter cannot be found."), and
 * an evaluator over per-customer facts. Pure: no store, no clock (the caller supplies "today").
 */
import { toScaled } from "./common";

export type Comparison = "=" | "!=" | ">" | ">=" | "<" | "<=";

/** A calendar day as a count of days since 1970-01-01. */
export type Day = number;

export type DateOperand =
  { kind: "absolute"; day: Day } | { kind: "relative"; amount: number; unit: "d" | "w" | "m" | "y" };

export type Test<T> =
  | { op: Comparison; value: T }
  | { op: "BETWEEN"; low: T; high: T }
  | { op: "IS NULL" }
  | { op: "IS NOT NULL" };

export type DateFilter =
  "last_order_date" | "first_order_date" | "abandoned_checkout_date" | "customer_added_date";
export type EnumFilter = "email_subscription_status" | "customer_account_status";

export type SegmentClause =
  /** amounts and counts, both as four-decimal scaled integers */
  | { kind: "number"; filter: "number_of_orders" | "amount_spent"; test: Test<bigint> }
  | { kind: "date"; filter: DateFilter; test: Test<DateOperand> }
  | { kind: "tags"; contains: boolean; tag: string }
  | { kind: "products_purchased"; productIds: number[] | null; productTags: string[] | null; equals: boolean }
  | { kind: "enum"; filter: EnumFilter; equals: boolean; value: string }
  | { kind: "email_domain"; equals: boolean; value: string }
  /** a filter Shopify has but the local store cannot evaluate */
  | { kind: "unsupported"; filter: string };

export type SegmentExpression =
  | { kind: "and" | "or"; left: SegmentExpression; right: SegmentExpression }
  | { kind: "not"; operand: SegmentExpression }
  | { kind: "clause"; clause: SegmentClause };

export interface SegmentQueryError {
  line: number;
  /** zero-based, as Shopify counts */
  column: number;
  message: string;
}

export const formatSegmentError = (error: SegmentQueryError): string =>
  `Line ${error.line} Column ${error.column}: ${error.message}`;

// ---- filters ---------------------------------------------------------------------------------

const ENUM_VALUES: Record<EnumFilter, readonly string[]> = {
  email_subscription_status: ["SUBSCRIBED", "NOT_SUBSCRIBED", "PENDING", "UNSUBSCRIBED", "INVALID"],
  customer_account_status: ["ENABLED", "DISABLED", "INVITED", "DECLINED"],
};

const DATE_FILTERS: readonly string[] = [
  "last_order_date",
  "first_order_date",
  "abandoned_checkout_date",
  "customer_added_date",
];

/** Filters in Shopify's published reference that this store has no data for. */
const UNSUPPORTED_FILTERS: readonly string[] = [
  "anniversary",
  "companies",
  "created_by_app_id",
  "customer_cities",
  "customer_countries",
  "customer_language",
  "customer_regions",
  "customer_within_distance",
  "orders_placed",
  "predicted_spend_tier",
  "product_subscription_status",
  "rfm_group",
  "sms_subscription_status",
  "store_credit_accounts",
];

/** Dotted names are Shopify's event filters (shopify_email.opened, storefront.product_viewed, ...). */
const isUnsupportedFilter = (name: string) => UNSUPPORTED_FILTERS.includes(name) || name.includes(".");

// ---- lexer -----------------------------------------------------------------------------------

type TokenKind =
  "word" | "string" | "number" | "date" | "offset" | "op" | "(" | ")" | "," | ":" | "bad" | "eof";

interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
  /** the unquoted text of a string */
  value: string;
}

const LEXEMES: Array<[TokenKind, RegExp]> = [
  ["date", /\d{4}-\d{2}-\d{2}(?![\w-])/y],
  ["offset", /[+-]?\d+[dwmy](?![\w.])/y],
  ["number", /[+-]?\d+(?:\.\d+)?(?![\w.])/y],
  ["word", /[A-Za-z0-9_][A-Za-z0-9_.]*/y],
  ["op", /!=|>=|<=|=|>|</y],
  ["(", /\(/y],
  [")", /\)/y],
  [",", /,/y],
  [":", /:/y],
];

function tokenize(text: string): { tokens: Token[]; eof: Token } {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let index = 0;
  const make = (kind: TokenKind, start: number, end: number, value?: string): Token => ({
    kind,
    text: text.slice(start, end),
    line,
    column: start - lineStart,
    value: value ?? text.slice(start, end),
  });
  while (index < text.length) {
    const char = text[index] ?? "";
    if (char === "\n") {
      line += 1;
      index += 1;
      lineStart = index;
      continue;
    }
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === "'") {
      let end = index + 1;
      let value = "";
      while (end < text.length && text[end] !== "'") {
        // A backslash keeps the next character, so 'O\'Brien' is one value.
        if (text[end] === "\\" && end + 1 < text.length) end += 1;
        value += text[end];
        end += 1;
      }
      if (end >= text.length) {
        tokens.push(make("bad", index, text.length));
        index = text.length;
      } else {
        tokens.push(make("string", index, end + 1, value));
        index = end + 1;
      }
      continue;
    }
    let matched = false;
    for (const [kind, pattern] of LEXEMES) {
      pattern.lastIndex = index;
      const match = pattern.exec(text);
      if (match) {
        tokens.push(make(kind, index, index + match[0].length));
        index += match[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      // Anything else is kept whole up to the next space, so the error quotes what was typed.
      const end = /\s/.exec(text.slice(index))?.index ?? text.length - index;
      tokens.push(make("bad", index, index + Math.max(end, 1)));
      index += Math.max(end, 1);
    }
  }
  return { tokens, eof: { kind: "eof", text: "", line, column: index - lineStart, value: "" } };
}

// ---- parser ----------------------------------------------------------------------------------

class SyntaxFailure extends Error {
  constructor(readonly error: SegmentQueryError) {
    super(error.message);
  }
}

const errorAt = (token: Token, message: string): SegmentQueryError => ({
  line: token.line,
  column: token.column,
  message,
});

const isKeyword = (token: Token, keyword: string) =>
  token.kind === "word" && token.text.toUpperCase() === keyword;

const KEYWORDS = ["AND", "OR", "NOT", "CONTAINS", "BETWEEN", "IS", "NULL"];

/** One parsed operand with the token it came from, for error positions. */
interface Operand {
  token: Token;
  /** nested lists come from function parameters such as id: (1, 2) */
  list?: Operand[];
}

/** An operator and its operands before the filter's type gives them meaning. */
interface RawTest {
  op: Comparison | "BETWEEN" | "CONTAINS" | "NOT CONTAINS" | "IS NULL" | "IS NOT NULL";
  opToken: Token;
  values: Operand[];
}

class Parser {
  private position = 0;
  readonly problems: SegmentQueryError[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly eof: Token,
  ) {}

  private peek(): Token {
    return this.tokens[this.position] ?? this.eof;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.position += 1;
    return token;
  }

  private unexpected(token: Token, expected: string): SyntaxFailure {
    return new SyntaxFailure(
      errorAt(
        token,
        token.kind === "eof"
          ? `The query ends where ${expected} was expected.`
          : `'${token.text}' is unexpected.`,
      ),
    );
  }

  parseQuery(): SegmentExpression {
    const expression = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== "eof") throw this.unexpected(rest, "the end of the query");
    return expression;
  }

  private parseOr(): SegmentExpression {
    let left = this.parseAnd();
    while (isKeyword(this.peek(), "OR")) {
      this.next();
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): SegmentExpression {
    let left = this.parseUnary();
    while (isKeyword(this.peek(), "AND")) {
      this.next();
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): SegmentExpression {
    if (isKeyword(this.peek(), "NOT")) {
      this.next();
      return { kind: "not", operand: this.parseUnary() };
    }
    const token = this.peek();
    if (token.kind === "(") {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close.kind !== ")") throw this.unexpected(close, "')'");
      return inner;
    }
    if (token.kind === "word" && !KEYWORDS.includes(token.text.toUpperCase())) {
      return { kind: "clause", clause: this.parseClause() };
    }
    throw this.unexpected(token, "a filter");
  }

  private parseOperand(): Operand {
    const token = this.next();
    if (["string", "number", "date", "offset", "word"].includes(token.kind)) return { token };
    throw this.unexpected(token, "a value");
  }

  /** A function parameter value: a value, a parenthesized list, or a comparison such as >= -30d. */
  private parseParameterValue(): Operand {
    const token = this.peek();
    if (token.kind === "(") {
      this.next();
      const list = [this.parseOperand()];
      while (this.peek().kind === ",") {
        this.next();
        list.push(this.parseOperand());
      }
      const close = this.next();
      if (close.kind !== ")") throw this.unexpected(close, "')'");
      return { token, list };
    }
    if (token.kind === "op") this.next();
    return this.parseOperand();
  }

  private parseParameters(): Map<string, Operand> {
    const parameters = new Map<string, Operand>();
    this.next();
    if (this.peek().kind === ")") {
      this.next();
      return parameters;
    }
    for (;;) {
      const name = this.next();
      if (name.kind !== "word") throw this.unexpected(name, "a parameter name");
      const colon = this.next();
      if (colon.kind !== ":") throw this.unexpected(colon, "':'");
      parameters.set(name.text, this.parseParameterValue());
      const separator = this.next();
      if (separator.kind === ")") return parameters;
      if (separator.kind !== ",") throw this.unexpected(separator, "',' or ')'");
    }
  }

  private parseTest(): RawTest {
    const opToken = this.next();
    if (opToken.kind === "op") {
      return { op: opToken.text as Comparison, opToken, values: [this.parseOperand()] };
    }
    if (isKeyword(opToken, "BETWEEN")) {
      const low = this.parseOperand();
      const and = this.next();
      if (!isKeyword(and, "AND")) throw this.unexpected(and, "AND");
      return { op: "BETWEEN", opToken, values: [low, this.parseOperand()] };
    }
    if (isKeyword(opToken, "CONTAINS")) return { op: "CONTAINS", opToken, values: [this.parseOperand()] };
    if (isKeyword(opToken, "NOT")) {
      const contains = this.next();
      if (!isKeyword(contains, "CONTAINS")) throw this.unexpected(contains, "CONTAINS");
      return { op: "NOT CONTAINS", opToken, values: [this.parseOperand()] };
    }
    if (isKeyword(opToken, "IS")) {
      const negated = isKeyword(this.peek(), "NOT");
      if (negated) this.next();
      const nullToken = this.next();
      if (!isKeyword(nullToken, "NULL")) throw this.unexpected(nullToken, "NULL");
      return { op: negated ? "IS NOT NULL" : "IS NULL", opToken, values: [] };
    }
    throw this.unexpected(opToken, "an operator");
  }

  private parseClause(): SegmentClause {
    const nameToken = this.next();
    const name = nameToken.text;
    const known =
      name === "number_of_orders" ||
      name === "amount_spent" ||
      name === "customer_tags" ||
      name === "products_purchased" ||
      name === "customer_email_domain" ||
      name in ENUM_VALUES ||
      DATE_FILTERS.includes(name) ||
      isUnsupportedFilter(name);
    // Shopify reports an unknown filter after any syntax error further on, so keep parsing.
    if (!known) this.problems.push(errorAt(nameToken, `'${name}' filter cannot be found.`));
    const parameters = this.peek().kind === "(" ? this.parseParameters() : null;
    const test = this.parseTest();
    if (!known || isUnsupportedFilter(name)) return { kind: "unsupported", filter: name };
    if (parameters && name !== "products_purchased") {
      this.problems.push(errorAt(nameToken, `'${name}' does not take parameters.`));
    }
    // A clause with a recorded problem only needs a placeholder: the parse result will be an error.
    return this.typedClause(name, parameters, test) ?? { kind: "unsupported", filter: name };
  }

  private invalidOperator(name: string, test: RawTest): null {
    this.problems.push(errorAt(test.opToken, `'${test.op}' is not a valid operator for ${name}.`));
    return null;
  }

  private invalidValue(name: string, operand: Operand): null {
    const shown = operand.token.kind === "string" ? operand.token.value : operand.token.text;
    this.problems.push(errorAt(operand.token, `'${shown}' is not a valid value for ${name}.`));
    return null;
  }

  /** Comparisons, BETWEEN and (where allowed) IS [NOT] NULL over values read by `read`. */
  private orderedTest<T>(
    name: string,
    test: RawTest,
    read: (operand: Operand) => T | null,
    nullable: boolean,
  ): Test<T> | null {
    if (test.op === "IS NULL" || test.op === "IS NOT NULL") {
      return nullable ? { op: test.op } : this.invalidOperator(name, test);
    }
    if (test.op === "CONTAINS" || test.op === "NOT CONTAINS") return this.invalidOperator(name, test);
    const values = test.values.map((operand) => read(operand) ?? this.invalidValue(name, operand));
    const [first, second] = values;
    if (
      first === null ||
      first === undefined ||
      (test.op === "BETWEEN" && (second === null || second === undefined))
    ) {
      return null;
    }
    return test.op === "BETWEEN"
      ? { op: "BETWEEN", low: first, high: second as T }
      : { op: test.op, value: first };
  }

  private equality(name: string, test: RawTest): boolean | null {
    if (test.op === "=" || test.op === "!=") return test.op === "=";
    return this.invalidOperator(name, test);
  }

  private typedClause(
    name: string,
    parameters: Map<string, Operand> | null,
    test: RawTest,
  ): SegmentClause | null {
    if (name === "number_of_orders" || name === "amount_spent") {
      const read = (operand: Operand) => {
        if (operand.token.kind !== "number") return null;
        if (name === "number_of_orders" && !/^\d+$/.test(operand.token.text)) return null;
        return toScaled(operand.token.text);
      };
      const parsed = this.orderedTest(name, test, read, false);
      return parsed && { kind: "number", filter: name, test: parsed };
    }
    if (DATE_FILTERS.includes(name)) {
      const parsed = this.orderedTest(name, test, readDate, true);
      return parsed && { kind: "date", filter: name as DateFilter, test: parsed };
    }
    if (name === "customer_tags") {
      const operand = test.values[0];
      if (test.op !== "CONTAINS" && test.op !== "NOT CONTAINS") return this.invalidOperator(name, test);
      if (operand?.token.kind !== "string") return operand ? this.invalidValue(name, operand) : null;
      return { kind: "tags", contains: test.op === "CONTAINS", tag: operand.token.value };
    }
    if (name === "customer_email_domain") {
      const equals = this.equality(name, test);
      const operand = test.values[0];
      if (equals === null || !operand) return null;
      if (operand.token.kind !== "string") return this.invalidValue(name, operand);
      return { kind: "email_domain", equals, value: operand.token.value };
    }
    if (name in ENUM_VALUES) {
      const filter = name as EnumFilter;
      const equals = this.equality(name, test);
      const operand = test.values[0];
      if (equals === null || !operand) return null;
      const value = operand.token.value;
      if (!ENUM_VALUES[filter].includes(value)) return this.invalidValue(name, operand);
      return { kind: "enum", filter, equals, value };
    }
    return this.productsPurchased(parameters, test);
  }

  private productsPurchased(parameters: Map<string, Operand> | null, test: RawTest): SegmentClause | null {
    const name = "products_purchased";
    const equals = this.equality(name, test);
    const operand = test.values[0];
    if (equals === null || !operand) return null;
    const flag = operand.token.text.toLowerCase();
    if (operand.token.kind !== "word" || (flag !== "true" && flag !== "false")) {
      return this.invalidValue(name, operand);
    }
    const ids = parameters?.get("id");
    const tags = parameters?.get("tag");
    // Other parameters (dates, quantities) and id-with-tag need data or logic the store lacks.
    if ([...(parameters?.keys() ?? [])].some((key) => key !== "id" && key !== "tag") || (ids && tags)) {
      return { kind: "unsupported", filter: "products_purchased with these parameters" };
    }
    const productIds = ids
      ? (ids.list ?? [ids]).map((entry) => readProductId(entry) ?? this.invalidValue("id", entry))
      : null;
    const productTags = tags
      ? (tags.list ?? [tags]).map((entry) =>
          entry.token.kind === "string" ? entry.token.value : this.invalidValue("tag", entry),
        )
      : null;
    if (productIds?.includes(null) || productTags?.includes(null)) return null;
    return {
      kind: "products_purchased",
      productIds: productIds as number[] | null,
      productTags: productTags as string[] | null,
      equals: equals === (flag === "true"),
    };
  }
}

function readProductId(operand: Operand): number | null {
  const text = operand.token.kind === "string" ? operand.token.value : operand.token.text;
  if (operand.token.kind !== "string" && operand.token.kind !== "number") return null;
  const match = /^(?:gid:\/\/shopify\/Product\/)?(\d+)$/.exec(text);
  return match ? Number(match[1]) : null;
}

export const dayOf = (year: number, month: number, day: number): Day =>
  Date.UTC(year, month - 1, day) / 86_400_000;

function readDate(operand: Operand): DateOperand | null {
  const { kind, text } = operand.token;
  if (kind === "date") {
    const [year, month, day] = text.split("-").map(Number) as [number, number, number];
    const value = dayOf(year, month, day);
    const check = new Date(value * 86_400_000);
    return check.getUTCMonth() + 1 === month && check.getUTCDate() === day
      ? { kind: "absolute", day: value }
      : null;
  }
  if (kind === "offset") {
    return {
      kind: "relative",
      amount: Number(text.slice(0, -1)),
      unit: text.slice(-1) as "d" | "w" | "m" | "y",
    };
  }
  if (kind !== "word") return null;
  const lower = text.toLowerCase();
  if (lower === "today") return { kind: "relative", amount: 0, unit: "d" };
  if (lower === "yesterday") return { kind: "relative", amount: -1, unit: "d" };
  const named = /^(\d+)_(days|weeks|months|years)_ago$/.exec(lower);
  if (!named) return null;
  const unit = ({ days: "d", weeks: "w", months: "m", years: "y" } as const)[named[2] as "days"];
  return { kind: "relative", amount: -Number(named[1]), unit };
}

export type ParseResult =
  { ok: true; expression: SegmentExpression } | { ok: false; errors: SegmentQueryError[] };

export function parseSegmentQuery(text: string): ParseResult {
  const { tokens, eof } = tokenize(text);
  const parser = new Parser(tokens, eof);
  try {
    const expression = parser.parseQuery();
    return parser.problems.length > 0 ? { ok: false, errors: parser.problems } : { ok: true, expression };
  } catch (failure) {
    if (!(failure instanceof SyntaxFailure)) throw failure;
    // Shopify lists the syntax error first, then the filters it could not find before it.
    return { ok: false, errors: [failure.error, ...parser.problems] };
  }
}

/** The filters in an expression that the local store cannot evaluate. */
export function unsupportedFilters(expression: SegmentExpression): string[] {
  if (expression.kind === "clause") {
    return expression.clause.kind === "unsupported" ? [expression.clause.filter] : [];
  }
  if (expression.kind === "not") return unsupportedFilters(expression.operand);
  return [...unsupportedFilters(expression.left), ...unsupportedFilters(expression.right)];
}

// ---- evaluation ------------------------------------------------------------------------------

/** What the evaluator knows about one customer. */
export interface CustomerFacts {
  numberOfOrders: number;
  /** four-decimal scaled */
  amountSpent: bigint;
  firstOrderDay: Day | null;
  lastOrderDay: Day | null;
  abandonedCheckoutDay: Day | null;
  addedDay: Day;
  tags: readonly string[];
  purchasedProductIds: ReadonlySet<number>;
  /** lower-cased tags of the products bought */
  purchasedProductTags: ReadonlySet<string>;
  emailDomain: string;
  emailSubscriptionStatus: string;
  accountStatus: string;
}

/** `today` moved by a relative offset; months and years keep the day, clamped to the month's end. */
export function resolveDay(operand: DateOperand, today: Day): Day {
  if (operand.kind === "absolute") return operand.day;
  if (operand.unit === "d") return today + operand.amount;
  if (operand.unit === "w") return today + operand.amount * 7;
  const date = new Date(today * 86_400_000);
  const months = operand.unit === "m" ? operand.amount : operand.amount * 12;
  const target = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(target / 12);
  const month = target - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return dayOf(year, month, Math.min(date.getUTCDate(), lastDay));
}

function compare<T>(actual: T | null, test: Test<T>, toNumber: (value: T) => number | bigint): boolean {
  if (test.op === "IS NULL") return actual === null;
  if (test.op === "IS NOT NULL") return actual !== null;
  if (actual === null) return false;
  const value = toNumber(actual);
  if (test.op === "BETWEEN") return value >= toNumber(test.low) && value <= toNumber(test.high);
  const other = toNumber(test.value);
  switch (test.op) {
    case "=":
      return value === other;
    case "!=":
      return value !== other;
    case ">":
      return value > other;
    case ">=":
      return value >= other;
    case "<":
      return value < other;
    case "<=":
      return value <= other;
  }
}

function dateTest(test: Test<DateOperand>, today: Day): Test<Day> {
  if (test.op === "IS NULL" || test.op === "IS NOT NULL") return test;
  if (test.op === "BETWEEN") {
    return { op: "BETWEEN", low: resolveDay(test.low, today), high: resolveDay(test.high, today) };
  }
  return { op: test.op, value: resolveDay(test.value, today) };
}

const sameText = (left: string, right: string) => left.trim().toLowerCase() === right.trim().toLowerCase();

function matchesClause(clause: SegmentClause, facts: CustomerFacts, today: Day): boolean {
  switch (clause.kind) {
    case "number": {
      const actual =
        clause.filter === "amount_spent" ? facts.amountSpent : toScaled(String(facts.numberOfOrders));
      return compare(actual, clause.test, (value) => value);
    }
    case "date": {
      const actual = {
        last_order_date: facts.lastOrderDay,
        first_order_date: facts.firstOrderDay,
        abandoned_checkout_date: facts.abandonedCheckoutDay,
        customer_added_date: facts.addedDay,
      }[clause.filter];
      return compare(actual, dateTest(clause.test, today), (value) => value);
    }
    case "tags":
      return facts.tags.some((tag) => sameText(tag, clause.tag)) === clause.contains;
    case "products_purchased": {
      const bought = clause.productIds
        ? clause.productIds.some((id) => facts.purchasedProductIds.has(id))
        : clause.productTags
          ? clause.productTags.some((tag) => facts.purchasedProductTags.has(tag.trim().toLowerCase()))
          : facts.purchasedProductIds.size > 0;
      return bought === clause.equals;
    }
    case "enum": {
      const actual =
        clause.filter === "email_subscription_status" ? facts.emailSubscriptionStatus : facts.accountStatus;
      return (actual === clause.value) === clause.equals;
    }
    case "email_domain":
      return sameText(facts.emailDomain, clause.value) === clause.equals;
    case "unsupported":
      throw new Error(`The filter ${clause.filter} cannot be evaluated locally.`);
  }
}

export function matchesSegment(expression: SegmentExpression, facts: CustomerFacts, today: Day): boolean {
  switch (expression.kind) {
    case "and":
      return matchesSegment(expression.left, facts, today) && matchesSegment(expression.right, facts, today);
    case "or":
      return matchesSegment(expression.left, facts, today) || matchesSegment(expression.right, facts, today);
    case "not":
      return !matchesSegment(expression.operand, facts, today);
    case "clause":
      return matchesClause(expression.clause, facts, today);
  }
}
