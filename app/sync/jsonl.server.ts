import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import {
  createRecordParser,
  RecordError,
  type ParseOptions,
  type RowBatch,
  type SyncResource,
} from "./records";

/*
 * Streaming JSONL: a bulk export (or a file of the same shape) read line by line, never whole,
 * each line validated and turned into rows by records.ts, handed on in batches. Memory stays
 * bounded by one batch plus what parents their children still need (records.ts).
 */

/** A JSONL source: a Node stream, a web stream (a fetch body) or a file path. */
export type JsonlSource = Readable | ReadableStream<Uint8Array> | string;

/** A line that is not valid JSON or breaks the data contract, named by source and line number. */
export class JsonlError extends Error {
  override readonly name = "JsonlError";

  constructor(
    readonly source: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${source}: line ${line}: ${problem}`);
  }
}

export interface ReadJsonlOptions extends ParseOptions {
  /** how errors name the source (default: the file path, else the resource) */
  name?: string;
  /** rows per batch (default 1,000) */
  batchSize?: number;
}

export interface JsonlBatch {
  rows: RowBatch;
  /** JSON objects (lines) read so far, this batch's included */
  objects: number;
}

/**
 * The lines of a byte stream, numbered from 1, handed on a chunk's worth at a time (one await per
 * chunk, not per line); a last line without a newline is still a line.
 */
export async function* jsonlLines(
  source: JsonlSource,
): AsyncGenerator<Array<{ text: string; number: number }>, void, undefined> {
  const chunks = (typeof source === "string" ? createReadStream(source) : source) as AsyncIterable<
    Uint8Array | string
  >;
  const decoder = new TextDecoder("utf-8");
  let rest = "";
  let number = 0;
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    const lines: Array<{ text: string; number: number }> = [];
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      number += 1;
      lines.push({ text: text.slice(start, end), number });
      start = end + 1;
    }
    rest = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield [{ text: rest, number: number + 1 }];
}

/**
 * Reads one resource's JSONL (`products.jsonl`, `orders.jsonl`, ...; docs/data-contract.md) into
 * row batches. Throws JsonlError at the first line that is not JSON or breaks the contract; a file
 * cut off mid-line fails on that line. Blank lines are skipped.
 */
export async function* readJsonl(
  source: JsonlSource,
  resource: SyncResource,
  options: ReadJsonlOptions,
): AsyncGenerator<JsonlBatch, void, undefined> {
  const name = options.name ?? (typeof source === "string" ? source : resource);
  const batchSize = options.batchSize ?? 1_000;
  const parser = createRecordParser(resource, options);
  let objects = 0;
  for await (const lines of jsonlLines(source)) {
    for (const line of lines) {
      const text = line.text.endsWith("\r") ? line.text.slice(0, -1) : line.text;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new JsonlError(name, line.number, "not valid JSON (is the file cut short?)");
      }
      try {
        parser.accept(value);
      } catch (error) {
        if (error instanceof RecordError) throw new JsonlError(name, line.number, error.message);
        throw error;
      }
      objects += 1;
      if (parser.pending >= batchSize) yield { rows: parser.take(), objects };
    }
  }
  yield { rows: parser.take(), objects };
}
