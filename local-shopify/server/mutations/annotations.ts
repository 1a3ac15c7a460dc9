import { gid, parseGid } from "../../store/state";
import type { ServerContext } from "../context";
import {
  connection,
  isoSeconds,
  localUnsupported,
  nowIso,
  parseDateTime,
  userError,
  type ConnectionArgs,
  type UserErrorResult,
} from "./common";
import { sideStore, type AnnotationRecord } from "./side-store";

interface AnnotationInput {
  title?: string | null;
  description?: string | null;
  type?: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
}

/*
 * Shopify publishes its list of app annotation types outside the schema; the local copy accepts
 * any lower-case identifier, optionally category-qualified ("product_events.price_change").
 */
const ANNOTATION_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/;

/** Checks the fields present in `input`; `current` supplies the others when updating. */
function checkAnnotation(
  input: AnnotationInput,
  current: Partial<AnnotationRecord>,
  errors: UserErrorResult[],
): Partial<AnnotationRecord> {
  const field = (name: string) => ["input", name];
  const changes: Partial<AnnotationRecord> = {};
  if (input.title !== undefined) {
    const title = input.title?.trim() ?? "";
    if (title === "") errors.push(userError(field("title"), "Title can't be blank", "INVALID"));
    else if (title.length > 75) {
      errors.push(userError(field("title"), "Title is too long (maximum is 75 characters)", "INVALID"));
    } else changes.title = title;
  }
  if (input.description !== undefined) {
    if ((input.description?.length ?? 0) > 150) {
      errors.push(
        userError(field("description"), "Description is too long (maximum is 150 characters)", "INVALID"),
      );
    } else changes.description = input.description?.trim() || null;
  }
  if (input.type !== undefined) {
    if (!input.type || !ANNOTATION_TYPE.test(input.type)) {
      errors.push(
        userError(field("type"), `Type '${input.type ?? ""}' is not a supported annotation type`, "INVALID"),
      );
    } else changes.type = input.type;
  }
  if (input.startedAt !== undefined) {
    const started = parseDateTime(input.startedAt);
    if (!started) errors.push(userError(field("startedAt"), "Started at is invalid", "INVALID"));
    else changes.startedAt = isoSeconds(started);
  }
  if (input.endedAt !== undefined) {
    const ended = input.endedAt === null ? null : parseDateTime(input.endedAt);
    if (input.endedAt !== null && !ended) {
      errors.push(userError(field("endedAt"), "Ended at is invalid", "INVALID"));
    } else changes.endedAt = ended && isoSeconds(ended);
  }
  const startedAt = changes.startedAt ?? current.startedAt;
  const endedAt = changes.endedAt === undefined ? current.endedAt : changes.endedAt;
  if (startedAt && endedAt && endedAt < startedAt) {
    errors.push(userError(field("endedAt"), "Ended at must be after started at", "INVALID"));
  }
  return changes;
}

function findAnnotation(context: ServerContext, id: string): AnnotationRecord | undefined {
  const numeric = parseGid(id, "AnalyticsAnnotation");
  return numeric === null ? undefined : sideStore(context.state).annotations.get(numeric);
}

const missingAnnotation = () => [userError(["id"], "Annotation does not exist", "NOT_FOUND")];

export const annotationMutations = {
  analyticsAnnotationCreate(_parent: unknown, args: { input: AnnotationInput }, context: ServerContext) {
    const errors: UserErrorResult[] = [];
    const fields = checkAnnotation(args.input, {}, errors);
    if (errors.length > 0 || !fields.title || !fields.type || !fields.startedAt) {
      return { analyticsAnnotation: null, userErrors: errors };
    }
    const now = nowIso(context);
    const annotation: AnnotationRecord = {
      __typename: "AnalyticsAnnotation",
      id: context.state.nextId("AnalyticsAnnotation"),
      title: fields.title,
      type: fields.type,
      description: fields.description ?? null,
      startedAt: fields.startedAt,
      // Omitting endedAt marks a moment; an explicit null leaves the annotation open-ended.
      endedAt: args.input.endedAt === undefined ? fields.startedAt : (fields.endedAt ?? null),
      createdAt: now,
      updatedAt: now,
    };
    sideStore(context.state).annotations.set(annotation.id, annotation);
    return { analyticsAnnotation: annotation, userErrors: [] };
  },
  analyticsAnnotationUpdate(
    _parent: unknown,
    args: { id: string; input: AnnotationInput },
    context: ServerContext,
  ) {
    const annotation = findAnnotation(context, args.id);
    if (!annotation) return { analyticsAnnotation: null, userErrors: missingAnnotation() };
    const errors: UserErrorResult[] = [];
    const changes = checkAnnotation(args.input, annotation, errors);
    if (errors.length > 0) return { analyticsAnnotation: null, userErrors: errors };
    Object.assign(annotation, changes, { updatedAt: nowIso(context) });
    return { analyticsAnnotation: annotation, userErrors: [] };
  },
  analyticsAnnotationDelete(_parent: unknown, args: { id: string }, context: ServerContext) {
    const annotation = findAnnotation(context, args.id);
    if (!annotation) return { deletedId: null, userErrors: missingAnnotation() };
    sideStore(context.state).annotations.delete(annotation.id);
    return { deletedId: gid("AnalyticsAnnotation", annotation.id), userErrors: [] };
  },
};

const ANNOTATION_ORDER: Record<string, (annotation: AnnotationRecord) => string | number | null> = {
  ID: (annotation) => annotation.id,
  CREATED_AT: (annotation) => annotation.createdAt,
  UPDATED_AT: (annotation) => annotation.updatedAt,
  STARTED_AT: (annotation) => annotation.startedAt,
  ENDED_AT: (annotation) => annotation.endedAt,
};

/** Shop.analyticsAnnotations: the Shop type is the main server's; this one field is served here. */
function analyticsAnnotations(
  _shop: unknown,
  args: ConnectionArgs & { query?: string | null; sortKey?: string | null },
  context: ServerContext,
) {
  if (args.query) throw localUnsupported("analyticsAnnotations(query:)");
  const order = ANNOTATION_ORDER[args.sortKey ?? "ID"] ?? ((annotation: AnnotationRecord) => annotation.id);
  const annotations = [...sideStore(context.state).annotations.values()].sort((left, right) => {
    const a = order(left);
    const b = order(right);
    if (a === b) return left.id - right.id;
    if (a === null) return 1;
    if (b === null) return -1;
    return a < b ? -1 : 1;
  });
  return connection(annotations, args, (annotation) => String(annotation.id));
}

export const annotationResolvers = {
  Shop: { analyticsAnnotations },
  AnalyticsAnnotation: {
    id: (annotation: AnnotationRecord) => gid("AnalyticsAnnotation", annotation.id),
    source: () => "APP",
    // The App type belongs to the main server, which has no record for the calling app.
    createdByApp: () => null,
  },
};
