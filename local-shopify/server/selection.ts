import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";

/** What walking a document's selections needs: the schema, its fragments and the variables. */
export interface Walk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

function included(node: SelectionNode, walk: Walk): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, walk.variables);
  const include = getDirectiveValues(GraphQLIncludeDirective, node, walk.variables);
  return skip?.if !== true && include?.if !== false;
}

function applies(walk: Walk, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = walk.schema.getType(condition);
  return !!conditionType && isAbstractType(conditionType) && walk.schema.isSubType(conditionType, type);
}

/** The fields a selection set selects on an object of the given type, fragments expanded. */
export function fieldsOn(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLObjectType,
  walk: Walk,
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (!included(selection, walk)) continue;
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(walk, selection.typeCondition?.name.value, type)) {
        fields.push(...fieldsOn(selection.selectionSet, type, walk));
      }
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment && applies(walk, fragment.typeCondition.name.value, type)) {
        fields.push(...fieldsOn(fragment.selectionSet, type, walk));
      }
    }
  }
  return fields;
}

export function possibleTypes(type: GraphQLCompositeType, walk: Walk): readonly GraphQLObjectType[] {
  return isObjectType(type) ? [type] : walk.schema.getPossibleTypes(type);
}

export const responseKey = (node: FieldNode): string => node.alias?.value ?? node.name.value;
