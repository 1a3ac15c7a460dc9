import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { isConnectionType } from "./schema";
import { fieldsOn, possibleTypes, responseKey, type Walk } from "./selection";

/*
 * Shopify's calculated query cost (shopify.dev, "GraphQL Admin API rate limits"): scalars and
 * enums cost 0, objects 1, interfaces and unions the maximum of their possible selections,
 * connections 2 plus `first` (or `last`) times the cost of one node, and each mutation field 10.
 * The requested cost is computed from the document before execution; the actual cost from the
 * data returned, so a connection that returns fewer nodes than asked for costs less.
 */

const MUTATION_COST = 10;
export const MAX_QUERY_COST = 1000;

type Data = Record<string, unknown>;

export interface CostedOperation extends Walk {
  operation: OperationDefinitionNode;
}

function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, walk: Walk): Data {
  try {
    return getArgumentValues(field, node, walk.variables);
  } catch {
    // Invalid argument values are reported when the field executes; they cost nothing here.
    return {};
  }
}

const pageSize = (args: Data) => {
  const size = args.first ?? args.last;
  return typeof size === "number" && size > 0 ? size : 0;
};

// ---- requested cost -------------------------------------------------------------------------

function requestedSelection(selectionSet: SelectionSetNode | undefined, type: GraphQLObjectType, walk: Walk) {
  let cost = 0;
  for (const node of fieldsOn(selectionSet, type, walk)) cost += requestedField(node, type, walk);
  return cost;
}

function requestedObject(selectionSet: SelectionSetNode | undefined, type: GraphQLCompositeType, walk: Walk) {
  let max = 0;
  for (const possible of possibleTypes(type, walk)) {
    max = Math.max(max, requestedSelection(selectionSet, possible, walk));
  }
  return 1 + max;
}

/** One node of a connection: what `edges { node }` and `nodes` select, pageInfo free. */
function requestedNode(
  selectionSet: SelectionSetNode | undefined,
  connection: GraphQLObjectType,
  walk: Walk,
) {
  let cost = 0;
  for (const node of fieldsOn(selectionSet, connection, walk)) {
    const field = connection.getFields()[node.name.value];
    if (!field || node.name.value === "pageInfo") continue;
    const type = getNamedType(field.type);
    if (node.name.value === "nodes" && !isLeafType(type))
      cost += requestedObject(node.selectionSet, type, walk);
    else if (node.name.value === "edges" && isObjectType(type)) {
      for (const edgeField of fieldsOn(node.selectionSet, type, walk)) {
        const nodeField = type.getFields()[edgeField.name.value];
        const nodeType = nodeField && getNamedType(nodeField.type);
        if (edgeField.name.value === "node" && nodeType && !isLeafType(nodeType)) {
          cost += requestedObject(edgeField.selectionSet, nodeType, walk);
        }
      }
    } else cost += requestedField(node, connection, walk);
  }
  return cost;
}

function requestedField(node: FieldNode, parent: GraphQLObjectType, walk: Walk): number {
  const field = parent.getFields()[node.name.value];
  if (!field) return 0;
  const type = getNamedType(field.type);
  if (isLeafType(type)) return 0;
  const args = argumentsOf(field, node, walk);
  if (isConnectionType(type) && isObjectType(type)) {
    return 2 + pageSize(args) * requestedNode(node.selectionSet, type, walk);
  }
  const one = requestedObject(node.selectionSet, type, walk);
  // A list of objects is sized by its `first` argument where it has one.
  return isListType(getNullableType(field.type)) && typeof args.first === "number" ? args.first * one : one;
}

export function requestedQueryCost(costed: CostedOperation): number {
  const walk: Walk = costed;
  const { operation, schema } = costed;
  if (operation.operation === "mutation") {
    const root = schema.getMutationType();
    return root ? fieldsOn(operation.selectionSet, root, walk).length * MUTATION_COST : 0;
  }
  const root = schema.getQueryType();
  return root ? requestedSelection(operation.selectionSet, root, walk) : 0;
}

// ---- actual cost ----------------------------------------------------------------------------

const asData = (value: unknown): Data | null =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Data) : null;

function actualSelection(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLObjectType,
  data: Data,
  walk: Walk,
) {
  let cost = 0;
  for (const node of fieldsOn(selectionSet, type, walk))
    cost += actualField(node, type, data[responseKey(node)], walk);
  return cost;
}

function actualObject(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  value: unknown,
  walk: Walk,
): number {
  const data = asData(value);
  if (!data) return 0;
  let max = 0;
  for (const possible of possibleTypes(type, walk)) {
    max = Math.max(max, actualSelection(selectionSet, possible, data, walk));
  }
  return 1 + max;
}

function actualNodes(
  selectionSet: SelectionSetNode | undefined,
  connection: GraphQLObjectType,
  data: Data,
  walk: Walk,
) {
  let cost = 0;
  for (const node of fieldsOn(selectionSet, connection, walk)) {
    const field = connection.getFields()[node.name.value];
    const items = data[responseKey(node)];
    if (!field || node.name.value === "pageInfo") continue;
    const type = getNamedType(field.type);
    if (node.name.value === "nodes" && Array.isArray(items) && !isLeafType(type)) {
      for (const item of items) cost += actualObject(node.selectionSet, type, item, walk);
    } else if (node.name.value === "edges" && Array.isArray(items) && isObjectType(type)) {
      for (const edge of items) {
        for (const edgeField of fieldsOn(node.selectionSet, type, walk)) {
          const nodeField = type.getFields()[edgeField.name.value];
          const nodeType = nodeField && getNamedType(nodeField.type);
          if (edgeField.name.value === "node" && nodeType && !isLeafType(nodeType)) {
            cost += actualObject(
              edgeField.selectionSet,
              nodeType,
              asData(edge)?.[responseKey(edgeField)],
              walk,
            );
          }
        }
      }
    } else cost += actualField(node, connection, items, walk);
  }
  return cost;
}

function actualField(node: FieldNode, parent: GraphQLObjectType, value: unknown, walk: Walk): number {
  const field = parent.getFields()[node.name.value];
  if (!field) return 0;
  const type = getNamedType(field.type);
  if (isLeafType(type)) return 0;
  if (isConnectionType(type) && isObjectType(type)) {
    const data = asData(value);
    return 2 + (data ? actualNodes(node.selectionSet, type, data, walk) : 0);
  }
  if (Array.isArray(value)) {
    let cost = 0;
    for (const item of value) cost += actualObject(node.selectionSet, type, item, walk);
    return cost;
  }
  return actualObject(node.selectionSet, type, value, walk);
}

/** The cost of what was returned; never more than was requested. */
export function actualQueryCost(
  costed: CostedOperation,
  data: Data | null | undefined,
  requested: number,
): number {
  if (costed.operation.operation === "mutation") return requested;
  const root = costed.schema.getQueryType();
  if (!root) return 0;
  return Math.min(requested, actualSelection(costed.operation.selectionSet, root, data ?? {}, costed));
}
