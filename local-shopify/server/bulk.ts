import { randomBytes } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  rmSync,
  truncateSync,
  type WriteStream,
} from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { once } from "node:events";
import {
  execute,
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { WebhookEvent } from "./context";
import { shopifyParseError, validateLikeShopify } from "./errors";
import type { Faults } from "./faults";
import type { LocalContext } from "./local-context";
import { restTime } from "./mutations/common";
import { isConnectionType } from "./schema";
import { fieldsOn, fragmentsOf, possibleTypes, responseKey, type Walk } from "./selection";

/*
 * Bulk query operations as Shopify runs them (shopify.dev, "Perform bulk operations with the
 * GraphQL Admin API"): the inner query is validated (at least one and at most five connections,
 * nested at most two deep, none inside a list, `edges { node }` selections, and the parent of a
 * nested connection selecting `id`), then runs in the background while `bulkOperation(id)`
 * reports progress. The result is JSONL: one object a line, the nodes of a nested connection
 * on their own lines after their parent, with `__parentId`; `first` and cursors are ignored.
 */

export type BulkStatus =
  "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";

export interface BulkOperationRecord {
  id: number;
  type: "QUERY";
  status: BulkStatus;
  errorCode: "INTERNAL_SERVER_ERROR" | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | null;
}

const MAX_CONCURRENT_BULK_QUERIES = 5;
const MAX_CONNECTIONS = 5;
const MAX_NESTING = 2;
/** Root nodes read per round; the server answers other requests between rounds. */
const ROUND_SIZE = 250;
const RESULT_LIFETIME_MS = 7 * 24 * 3600 * 1000;

// ---- validation ---------------------------------------------------------------------------------

const invalid = (message: string): BulkUserError => ({ field: ["query"], message, code: "INVALID" });

interface Analysis {
  connections: number;
  depth: number;
  withinList: boolean;
  notEdges: string[];
  parentsWithoutId: string[];
}

function analyse(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  walk: Walk,
  analysis: Analysis,
  position: { depth: number; inList: boolean; parent: string | null; parentHasId: boolean },
): void {
  for (const possible of possibleTypes(type, walk)) {
    for (const node of fieldsOn(selectionSet, possible, walk)) {
      const field = possible.getFields()[node.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (isConnectionType(named) && isObjectType(named)) {
        analysis.connections += 1;
        analysis.depth = Math.max(analysis.depth, position.depth + 1);
        if (position.inList) analysis.withinList = true;
        if (
          position.parent &&
          !position.parentHasId &&
          !analysis.parentsWithoutId.includes(position.parent)
        ) {
          analysis.parentsWithoutId.push(position.parent);
        }
        const selected = connectionNode(node, named, walk);
        if (!selected) {
          analysis.notEdges.push(node.name.value);
          continue;
        }
        const hasId = possibleTypes(selected.type, walk).some((nodeType) =>
          fieldsOn(selected.field.selectionSet, nodeType, walk).some(
            (one) => one.name.value === "id" && !one.alias,
          ),
        );
        analyse(selected.field.selectionSet, selected.type, walk, analysis, {
          depth: position.depth + 1,
          inList: position.inList,
          parent: node.name.value,
          parentHasId: hasId,
        });
      } else if (isCompositeType(named)) {
        analyse(node.selectionSet, named, walk, analysis, {
          ...position,
          inList: position.inList || isListType(getNullableType(field.type)),
        });
      }
    }
  }
}

/** The `node` field under `edges` of a connection selection, and the node type. */
function connectionNode(connection: FieldNode, type: GraphQLObjectType, walk: Walk) {
  const edges = fieldsOn(connection.selectionSet, type, walk).find((one) => one.name.value === "edges");
  const edgeType = type.getFields().edges && getNamedType(type.getFields().edges?.type);
  if (!edges || !edgeType || !isObjectType(edgeType)) return null;
  const node = fieldsOn(edges.selectionSet, edgeType, walk).find((one) => one.name.value === "node");
  const nodeType = edgeType.getFields().node && getNamedType(edgeType.getFields().node?.type);
  if (!node || !nodeType || !isCompositeType(nodeType)) return null;
  return { edges, field: node, type: nodeType };
}

interface CheckedQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  root: FieldNode;
  rootType: GraphQLObjectType;
  walk: Walk;
}

/** Checks a bulk query the way bulkOperationRunQuery does; user errors, or what to run. */
function checkBulkQuery(schema: GraphQLSchema, query: string): BulkUserError[] | CheckedQuery {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const { message } = shopifyParseError(error as GraphQLError);
    return [invalid(`Invalid bulk query: ${message.replace(/ at \[\d+, \d+\]$/, "")}`)];
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.some((operation) => operation.operation !== "query")) {
    return [invalid("Invalid operation type. Only `query` operations are supported.")];
  }
  const validation = validateLikeShopify(schema, document);
  if (validation.length > 0)
    return validation.map((error) => invalid(`Invalid bulk query: ${error.message}`));
  const operation = operations[0];
  const queryRoot = schema.getQueryType();
  if (operations.length !== 1 || !operation || !queryRoot) {
    return [invalid("Invalid bulk query: a bulk query holds exactly one operation.")];
  }

  const walk: Walk = { schema, fragments: fragmentsOf(document), variables: {} };
  const roots = fieldsOn(operation.selectionSet, queryRoot, walk);
  const analysis: Analysis = {
    connections: 0,
    depth: 0,
    withinList: false,
    notEdges: [],
    parentsWithoutId: [],
  };
  analyse(operation.selectionSet, queryRoot, walk, analysis, {
    depth: 0,
    inList: false,
    parent: null,
    parentHasId: true,
  });
  const errors: BulkUserError[] = [];
  for (const root of roots) {
    if (root.name.value === "node" || root.name.value === "nodes") {
      errors.push(invalid(`Bulk queries cannot contain a top level \`${root.name.value}\` field.`));
    }
  }
  if (analysis.notEdges.length > 0) {
    errors.push(
      invalid(
        `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'products { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: ${analysis.notEdges.map((name) => `'${name}'`).join(", ")}.`,
      ),
    );
  }
  if (analysis.connections > MAX_CONNECTIONS) {
    errors.push(invalid(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`));
  }
  if (analysis.depth > MAX_NESTING) {
    errors.push(
      invalid(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_NESTING}.`),
    );
  }
  if (analysis.parentsWithoutId.length > 0) {
    errors.push(
      invalid(
        `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${analysis.parentsWithoutId.join(", ")}.`,
      ),
    );
  }
  if (analysis.withinList) {
    errors.push(
      invalid("Queries that contain a connection field within a list field are not currently supported."),
    );
  }
  const onlyTopLevelNode = errors.every((error) => error.message.includes("top level"));
  if (analysis.connections === 0 && onlyTopLevelNode) {
    errors.push(invalid("Bulk queries must contain at least one connection."));
  }
  if (errors.length > 0) return errors;

  const root = roots[0];
  const rootField = root && queryRoot.getFields()[root.name.value];
  const rootType = rootField && getNamedType(rootField.type);
  if (roots.length !== 1 || !root || !rootType || !isObjectType(rootType) || !isConnectionType(rootType)) {
    return [invalid("The local Shopify runs bulk queries whose only top-level field is a connection.")];
  }
  return { document, operation, root, rootType, walk };
}

// ---- JSONL ------------------------------------------------------------------------------------

type Data = Record<string, unknown>;
const asData = (value: unknown): Data | null =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Data) : null;

/** The lines for the nodes of one connection value; returns how many nodes it had. */
function connectionLines(
  field: FieldNode,
  type: GraphQLObjectType,
  value: unknown,
  parentId: string | null,
  walk: Walk,
  lines: string[],
): number {
  const selected = connectionNode(field, type, walk);
  const edges = asData(value)?.[selected ? responseKey(selected.edges) : "edges"];
  if (!selected || !Array.isArray(edges)) return 0;
  for (const edge of edges) {
    nodeLines(
      selected.field.selectionSet,
      selected.type,
      asData(edge)?.[responseKey(selected.field)],
      parentId,
      walk,
      lines,
    );
  }
  return edges.length;
}

function nodeLines(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  value: unknown,
  parentId: string | null,
  walk: Walk,
  lines: string[],
): void {
  const data = asData(value);
  if (!data) return;
  const line: Data = { ...data };
  const id = typeof data.id === "string" ? data.id : parentId;
  const nested: Array<() => void> = [];
  detachConnections(selectionSet, type, line, id, walk, lines, nested);
  if (parentId !== null) line.__parentId = parentId;
  lines.push(JSON.stringify(line));
  for (const emit of nested) emit();
}

/** Moves nested connections out of an object (and its sub-objects) to be written after it. */
function detachConnections(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  object: Data,
  ownerId: string | null,
  walk: Walk,
  lines: string[],
  nested: Array<() => void>,
): void {
  for (const possible of possibleTypes(type, walk)) {
    for (const node of fieldsOn(selectionSet, possible, walk)) {
      const field = possible.getFields()[node.name.value];
      const key = responseKey(node);
      if (!field || !(key in object)) continue;
      const named = getNamedType(field.type);
      if (isConnectionType(named) && isObjectType(named)) {
        const value = object[key];
        delete object[key];
        nested.push(() => connectionLines(node, named, value, ownerId, walk, lines));
      } else if (isCompositeType(named)) {
        const child = asData(object[key]);
        if (child) {
          object[key] = { ...child };
          detachConnections(node.selectionSet, named, object[key] as Data, ownerId, walk, lines, nested);
        }
      }
    }
  }
}

// ---- result files -------------------------------------------------------------------------------

/** Where a result file is kept: in memory, or in a directory when one is configured. */
class ResultFile {
  private readonly chunks: Buffer[] = [];
  private readonly stream: WriteStream | null;
  private size = 0;
  private lastLineLength = 0;

  constructor(
    readonly token: string,
    private readonly file: string | null,
  ) {
    this.stream = file ? createWriteStream(file) : null;
  }

  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, "utf8");
    this.size += bytes.length;
    this.lastLineLength = bytes.length;
    if (!this.stream) this.chunks.push(bytes);
    else if (!this.stream.write(bytes)) await once(this.stream, "drain");
  }

  /** Closes the file; `truncate` cuts it in the middle of its last line. Returns the full size. */
  async finish(truncate: boolean): Promise<number> {
    const cut = truncate && this.lastLineLength > 1 ? Math.ceil(this.lastLineLength / 2) : 0;
    if (this.stream) {
      this.stream.end();
      await once(this.stream, "close");
      if (cut > 0 && this.file) truncateSync(this.file, this.size - cut);
    } else if (cut > 0) {
      const whole = Buffer.concat(this.chunks);
      this.chunks.splice(0, this.chunks.length, whole.subarray(0, whole.length - cut));
    }
    return this.size;
  }

  body(): ReadableStream<Uint8Array> {
    if (this.file) return Readable.toWeb(createReadStream(this.file)) as ReadableStream<Uint8Array>;
    const chunks = this.chunks;
    return new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });
  }

  delete(): void {
    if (this.file) rmSync(this.file, { force: true });
    this.chunks.length = 0;
  }
}

// ---- operations ---------------------------------------------------------------------------------

export interface BulkOperationsOptions {
  now(): Date;
  /** the shop's time zone, in which webhook payloads print times */
  timeZone: string;
  nextId(): number;
  faults: Faults;
  emitWebhook(event: WebhookEvent): void;
  log(message: string, detail?: unknown): void;
  /** keep result files here instead of in memory */
  directory?: string;
}

type Payload = { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] };

/** The bulk query operations of the shop, and their result files. */
export class BulkOperations {
  private readonly operations = new Map<number, BulkOperationRecord>();
  private readonly files = new Map<string, { file: ResultFile; expiresAt: number }>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: BulkOperationsOptions) {
    if (options.directory) mkdirSync(options.directory, { recursive: true });
  }

  get(id: number): BulkOperationRecord | null {
    const operation = this.operations.get(id);
    return operation ? this.expire(operation) : null;
  }

  /** Oldest first. */
  list(): BulkOperationRecord[] {
    return [...this.operations.values()].map((operation) => this.expire(operation));
  }

  /** Waits until no operation is running (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** The body of a result file, or null when there is none (or it expired). */
  download(token: string): ReadableStream<Uint8Array> | null {
    const entry = this.files.get(token);
    if (!entry) return null;
    if (entry.expiresAt <= this.options.now().getTime()) {
      this.list();
      return null;
    }
    return entry.file.body();
  }

  runQuery(query: string, context: LocalContext, schema: GraphQLSchema): Payload {
    const checked = checkBulkQuery(schema, query);
    if (Array.isArray(checked)) return { bulkOperation: null, userErrors: checked };
    const active = this.list().filter((one) => ["CREATED", "RUNNING", "CANCELING"].includes(one.status));
    if (active.length >= MAX_CONCURRENT_BULK_QUERIES) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: null,
            message: `A maximum of ${MAX_CONCURRENT_BULK_QUERIES} bulk query operations can run at once for this app and shop: ${active.map((one) => `gid://shopify/BulkOperation/${one.id}`).join(", ")}.`,
            code: "LIMIT_REACHED",
          },
        ],
      };
    }
    const operation: BulkOperationRecord = {
      id: this.options.nextId(),
      type: "QUERY",
      status: "CREATED",
      errorCode: null,
      createdAt: this.options.now().toISOString(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query,
    };
    this.operations.set(operation.id, operation);
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.execute(operation, checked, context, schema))
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return { bulkOperation: operation, userErrors: [] };
  }

  cancel(id: number | null): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const operation = id === null ? null : this.get(id);
    if (!operation) {
      return {
        bulkOperation: null,
        userErrors: [{ field: ["id"], message: "Bulk operation does not exist", code: null }],
      };
    }
    if (operation.status !== "CREATED" && operation.status !== "RUNNING") {
      return {
        bulkOperation: operation,
        userErrors: [
          {
            field: null,
            message: `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}`,
            code: null,
          },
        ],
      };
    }
    operation.status = "CANCELING";
    return { bulkOperation: operation, userErrors: [] };
  }

  private newFile(): ResultFile {
    const token = randomBytes(16).toString("hex");
    const file = this.options.directory ? path.join(this.options.directory, `${token}.jsonl`) : null;
    return new ResultFile(token, file);
  }

  private publish(file: ResultFile, origin: string): string {
    this.files.set(file.token, { file, expiresAt: this.options.now().getTime() + RESULT_LIFETIME_MS });
    return `${origin}/bulk/${file.token}.jsonl`;
  }

  private async execute(
    operation: BulkOperationRecord,
    checked: CheckedQuery,
    context: LocalContext,
    schema: GraphQLSchema,
  ): Promise<void> {
    if (operation.status === "CREATED") operation.status = "RUNNING";
    const fault = this.options.faults.bulk();
    const file = this.newFile();
    try {
      for (let offset = 0; ; offset += ROUND_SIZE) {
        if (operation.status === "CANCELING") {
          file.delete();
          return this.finish(operation, "CANCELED");
        }
        const result = await execute({
          schema,
          document: checked.document,
          contextValue: { ...context, searchReports: [], bulkWindow: { offset, limit: ROUND_SIZE } },
        });
        if (result.errors?.length) {
          this.options.log("local Shopify: a bulk query failed", result.errors);
          await file.finish(false);
          return this.fail(operation, file, context.origin);
        }
        const lines: string[] = [];
        const roots = connectionLines(
          checked.root,
          checked.rootType,
          result.data?.[responseKey(checked.root)],
          null,
          checked.walk,
          lines,
        );
        const written = fault === "fail" ? lines.slice(0, Math.floor(lines.length / 2)) : lines;
        for (const line of written) await file.write(`${line}\n`);
        operation.objectCount += written.length;
        operation.rootObjectCount += fault === "fail" ? 0 : roots;
        if (fault === "fail") {
          await file.finish(false);
          return this.fail(operation, file, context.origin);
        }
        if (roots < ROUND_SIZE) break;
        // Let other requests in between rounds, as the real service runs in the background.
        await new Promise((resolve) => setImmediate(resolve));
      }
      operation.fileSize = await file.finish(fault === "truncate");
      operation.url = operation.objectCount > 0 ? this.publish(file, context.origin) : null;
      this.finish(operation, "COMPLETED");
    } catch (error) {
      this.options.log("local Shopify: a bulk operation broke", error);
      await file.finish(false);
      this.fail(operation, file, context.origin);
    }
  }

  private fail(operation: BulkOperationRecord, file: ResultFile, origin: string): void {
    operation.errorCode = "INTERNAL_SERVER_ERROR";
    operation.partialDataUrl = operation.objectCount > 0 ? this.publish(file, origin) : null;
    this.finish(operation, "FAILED");
  }

  private finish(operation: BulkOperationRecord, status: BulkStatus): void {
    operation.status = status;
    operation.completedAt = this.options.now().toISOString();
    this.options.emitWebhook({
      topic: "bulk_operations/finish",
      payload: {
        admin_graphql_api_id: `gid://shopify/BulkOperation/${operation.id}`,
        completed_at: restTime(operation.completedAt, this.options.timeZone),
        created_at: restTime(operation.createdAt, this.options.timeZone),
        error_code: operation.errorCode?.toLowerCase() ?? null,
        status: status.toLowerCase(),
        type: "query",
      },
    });
  }

  /** Results are kept seven days; then the operation reads EXPIRED and its files are gone. */
  private expire(operation: BulkOperationRecord): BulkOperationRecord {
    const completed = operation.completedAt === null ? null : Date.parse(operation.completedAt);
    if (completed === null || completed + RESULT_LIFETIME_MS > this.options.now().getTime()) return operation;
    for (const url of [operation.url, operation.partialDataUrl]) {
      const token = url && /\/bulk\/(\w+)\.jsonl$/.exec(url)?.[1];
      if (token) {
        this.files.get(token)?.file.delete();
        this.files.delete(token);
      }
    }
    if (operation.status === "COMPLETED") operation.status = "EXPIRED";
    operation.url = null;
    operation.partialDataUrl = null;
    return operation;
  }
}
