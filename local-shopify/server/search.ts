import { badRequest, notImplemented } from "./errors";
import { zonedTimeToUtc } from "./values";

/*
 * Shopify's search syntax (shopify.dev, "Shopify API search syntax"): terms joined by whitespace
 * (AND), AND, OR, NOT or a leading "-", parentheses, and `field:value` terms with the
 * comparators :, :<, :<=, :>, :>=. Values may be quoted. A term on a field the connection does
 * not document is dropped and reported as a warning in `extensions.search`, as Shopify does.
 */

export type Comparator = ":" | "<" | "<=" | ">" | ">=";

export interface Term {
  field: string;
  comparator: Comparator;
  value: string;
}

type Node =
  | { kind: "and" | "or"; children: Node[] }
  | { kind: "not"; child: Node }
  | { kind: "term"; field: string | null; comparator: Comparator; value: string };

type Token = { kind: "(" | ")" | "word"; text: string; quoted: boolean } | { kind: "end" };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query.charAt(i);
    if (/\s/.test(char)) i += 1;
    else if (char === "(" || char === ")") {
      tokens.push({ kind: char, text: char, quoted: false });
      i += 1;
    } else {
      // A word runs to whitespace or a closing parenthesis; quoted stretches may contain both.
      let text = "";
      let quoted = false;
      while (i < query.length && !/[\s)]/.test(query.charAt(i))) {
        const quote = query.charAt(i);
        if (quote === '"' || quote === "'") {
          // Only a word that is quoted as a whole is free text; `field:'value'` stays a term.
          if (text.length === 0) quoted = true;
          i += 1;
          while (i < query.length && query.charAt(i) !== quote) {
            if (query.charAt(i) === "\\") i += 1;
            text += query.charAt(i);
            i += 1;
          }
          i += 1;
        } else {
          text += quote;
          i += 1;
        }
      }
      tokens.push({ kind: "word", text, quoted });
    }
  }
  tokens.push({ kind: "end" });
  return tokens;
}

function parseTerm(text: string, quoted: boolean): Node {
  const match = quoted ? null : /^([a-z_][a-z0-9_.]*):(<=|>=|<|>)?(.*)$/i.exec(text);
  if (!match) return { kind: "term", field: null, comparator: ":", value: text };
  return {
    kind: "term",
    field: (match[1] ?? "").toLowerCase(),
    comparator: (match[2] ?? ":") as Comparator,
    value: match[3] ?? "",
  };
}

function parse(query: string): Node | null {
  const tokens = tokenize(query);
  let position = 0;
  const peek = () => tokens[position] ?? { kind: "end" as const };
  const isWord = (text: string) => {
    const token = peek();
    return token.kind === "word" && !token.quoted && token.text === text;
  };

  const unary = (): Node | null => {
    const token = peek();
    if (token.kind === "end" || token.kind === ")") return null;
    position += 1;
    if (token.kind === "(") {
      const inner = or();
      if (peek().kind === ")") position += 1;
      return inner;
    }
    if (!token.quoted && token.text === "NOT") {
      const child = unary();
      return child && { kind: "not", child };
    }
    if (!token.quoted && token.text.startsWith("-") && token.text.length > 1) {
      return { kind: "not", child: parseTerm(token.text.slice(1), false) };
    }
    return parseTerm(token.text, token.quoted);
  };

  const and = (): Node | null => {
    const children: Node[] = [];
    for (;;) {
      if (isWord("AND")) position += 1;
      const token = peek();
      if (token.kind === "end" || token.kind === ")" || isWord("OR")) break;
      const child = unary();
      if (child) children.push(child);
    }
    return children.length === 0
      ? null
      : children.length === 1
        ? (children[0] ?? null)
        : { kind: "and", children };
  };

  const or = (): Node | null => {
    const children: Node[] = [];
    for (;;) {
      const child = and();
      if (child) children.push(child);
      if (!isWord("OR")) break;
      position += 1;
    }
    return children.length === 0
      ? null
      : children.length === 1
        ? (children[0] ?? null)
        : { kind: "or", children };
  };

  const root = or();
  while (peek().kind !== "end") {
    // Stray closing parentheses are skipped, as a lenient search box would.
    position += 1;
  }
  return root;
}

export type Predicate<T> = (record: T) => boolean;
/** Compiles one term on a field to a test; throws a GraphQL error for values it cannot use. */
export type FieldMatcher<T> = (term: Term) => Predicate<T>;

export interface SearchWarning {
  field: string;
  message: string;
  code: string;
}

/**
 * Compiles a search query for one connection. `documented` is the set of fields Shopify lists
 * for the connection; `matchers` the ones implemented here. A documented field without a
 * matcher is refused (NOT_IMPLEMENTED) rather than silently ignored.
 */
export function compileSearch<T>(
  query: string | null | undefined,
  documented: ReadonlySet<string>,
  matchers: Record<string, FieldMatcher<T>>,
  warnings: SearchWarning[],
): Predicate<T> {
  const compile = (node: Node): Predicate<T> | null => {
    switch (node.kind) {
      case "and":
      case "or": {
        const children = node.children.map(compile).filter((child): child is Predicate<T> => child !== null);
        if (children.length === 0) return null;
        return node.kind === "and"
          ? (record) => children.every((child) => child(record))
          : (record) => children.some((child) => child(record));
      }
      case "not": {
        const child = compile(node.child);
        return child && ((record) => !child(record));
      }
      case "term": {
        if (node.field === null) throw notImplemented(`Free-text search ("${node.value}")`);
        const matcher = matchers[node.field];
        if (matcher) return matcher({ field: node.field, comparator: node.comparator, value: node.value });
        if (documented.has(node.field)) throw notImplemented(`The search field '${node.field}'`);
        warnings.push({
          field: node.field,
          message: "Invalid search field for this query.",
          code: "invalid_field",
        });
        return null;
      }
    }
  };
  const root = query ? parse(query) : null;
  return (root && compile(root)) ?? (() => true);
}

// ---- matchers -------------------------------------------------------------------------------

function compare(comparator: Comparator, difference: number): boolean {
  switch (comparator) {
    case ":":
      return difference === 0;
    case "<":
      return difference < 0;
    case "<=":
      return difference <= 0;
    case ">":
      return difference > 0;
    case ">=":
      return difference >= 0;
  }
}

export function numberMatcher<T>(get: (record: T) => number | null): FieldMatcher<T> {
  return (term) => {
    const wanted = Number(term.value);
    if (term.value === "" || Number.isNaN(wanted))
      throw badRequest(`Invalid value for query filter \`${term.field}\`.`);
    return (record) => {
      const value = get(record);
      return value !== null && compare(term.comparator, value - wanted);
    };
  };
}

/** `id:123`, `id:>=123`; a GID is accepted too. */
export function idMatcher<T>(get: (record: T) => number | null): FieldMatcher<T> {
  const numeric = numberMatcher(get);
  return (term) => numeric({ ...term, value: term.value.replace(/^gid:\/\/shopify\/\w+\//, "") });
}

/**
 * Case-insensitive equality; `value*` matches a prefix; a comma-separated value matches any of
 * its parts (Shopify's lists of statuses, handles, ...).
 */
export function stringMatcher<T>(get: (record: T) => string | readonly string[] | null): FieldMatcher<T> {
  return (term) => {
    if (term.comparator !== ":") throw notImplemented(`Range comparison on '${term.field}'`);
    const wanted = term.value
      .split(",")
      .map((one) => one.trim().toLowerCase())
      .filter(Boolean);
    const matches = (value: string) =>
      wanted.some((one) => (one.endsWith("*") ? value.startsWith(one.slice(0, -1)) : value === one));
    return (record) => {
      const value = get(record);
      if (value === null) return false;
      const values = typeof value === "string" ? [value] : value;
      return values.some((one) => matches(one.toLowerCase()));
    };
  };
}

export function booleanMatcher<T>(get: (record: T) => boolean): FieldMatcher<T> {
  return (term) => {
    const wanted = term.value.toLowerCase();
    if (wanted !== "true" && wanted !== "false")
      throw badRequest(`Invalid value for query filter \`${term.field}\`.`);
    return (record) => get(record) === (wanted === "true");
  };
}

/**
 * The interval a time value names: an instant (`2026-10-01T00:00:00Z`, `now`) or a whole day,
 * month or year (`2026-01-01`, `2026-01`, `2026`) in the shop's time zone, as is a time without
 * an offset.
 */
function timeInterval(value: string, timeZone: string, now: () => Date): [number, number] | null {
  if (value.toLowerCase() === "now") {
    const instant = now().getTime();
    return [instant, instant + 1];
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const instant = Date.parse(value);
    return Number.isNaN(instant) ? null : [instant, instant + 1];
  }
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?)?)?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => (part ? Number(part) : undefined));
  if (year === undefined) return null;
  const start = { year, month: month ?? 1, day: day ?? 1, hour, minute, second };
  if (hour !== undefined) {
    const instant = zonedTimeToUtc(start, timeZone);
    return [instant, instant + 1];
  }
  const end =
    day !== undefined
      ? { year, month: start.month, day: day + 1 }
      : month !== undefined
        ? { year, month: month + 1, day: 1 }
        : { year: year + 1, month: 1, day: 1 };
  return [zonedTimeToUtc(start, timeZone), zonedTimeToUtc(end, timeZone)];
}

export function timeMatcher<T>(
  get: (record: T) => string | null,
  timeZone: string,
  now: () => Date,
): FieldMatcher<T> {
  return (term) => {
    const interval = timeInterval(term.value, timeZone, now);
    if (!interval) throw badRequest(`Invalid timestamp for query filter \`${term.field}\`.`);
    const [start, end] = interval;
    return (record) => {
      const raw = get(record);
      if (raw === null) return false;
      const value = Date.parse(raw);
      switch (term.comparator) {
        case ":":
          return value >= start && value < end;
        case "<":
          return value < start;
        case "<=":
          return value < end;
        case ">":
          return value >= end;
        case ">=":
          return value >= start;
      }
    };
  };
}
