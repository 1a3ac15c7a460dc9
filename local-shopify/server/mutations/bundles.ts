import { GraphQLError } from "graphql";
import type { StoreState } from "../../store/state";
import { gid, parseGid } from "../../store/state";
import type { StoreProduct, StoreVariant } from "../../store/types";
import type { ServerContext } from "../context";
import {
  assertInputArraySize,
  formatFixed,
  localUnsupported,
  nowIso,
  restProduct,
  toScaled,
  unsupportedKeys,
  userError,
  type UserErrorResult,
} from "./common";
import { sideStore, type BundleOperationRecord } from "./side-store";

/*
 * productBundleCreate and the ProductBundleOperation it returns. The store models one option per
 * product (REST's option1 is the variant title), so a component's option is that option and its
 * values are the variant titles; the bundle gets one variant per combination of the selected
 * values, priced at the sum of the components' prices, as Shopify prices a new bundle.
 */

/** How long the bundle job "runs": reads before this much clock time see CREATED, then COMPLETE. */
export const BUNDLE_JOB_MS = 1_000;

/** The one option the store models per product (see above). */
export function productOptionOf(state: StoreState, product: StoreProduct) {
  const variants = state.variantsByProduct.get(product.id) ?? [];
  return {
    id: gid("ProductOption", product.id),
    name: "Title",
    position: 1,
    values: variants.map((variant) => variant.title),
  };
}

interface ComponentInput {
  productId: string;
  quantity?: number | null;
  optionSelections: Array<{ componentOptionId: string; name: string; values: string[] }>;
  quantityOption?: unknown;
}

interface BundleCreateInput {
  title: string;
  components: ComponentInput[];
  consolidatedOptions?: unknown[] | null;
}

interface CheckedComponent {
  product: StoreProduct;
  quantity: number;
  variants: StoreVariant[];
}

function checkComponents(state: StoreState, input: BundleCreateInput) {
  const errors: UserErrorResult[] = [];
  const checked: CheckedComponent[] = [];
  if (input.title.trim() === "")
    errors.push(userError(["input", "title"], "Title can't be blank", "INVALID_INPUT"));
  if (input.components.length < 2) {
    // assumed wording: Shopify documents that a bundle combines at least two components
    errors.push(
      userError(["input", "components"], "A bundle must have at least 2 components", "INVALID_INPUT"),
    );
  }
  input.components.forEach((component, index) => {
    const path = (...rest: string[]) => ["input", "components", String(index), ...rest];
    const extra = unsupportedKeys(component, ["productId", "quantity", "optionSelections"]);
    if (extra.length > 0)
      throw localUnsupported(`productBundleCreate components[${index}].${extra.join(", ")}`);
    const numeric = parseGid(component.productId, "Product");
    const product = numeric === null ? undefined : state.productsById.get(numeric);
    if (!product) {
      errors.push(userError(path("productId"), "Product does not exist", "PRODUCT_DOES_NOT_EXIST"));
      return;
    }
    const quantity = component.quantity ?? 1;
    if (quantity < 1) {
      errors.push(
        userError(path("quantity"), "Quantity must be greater than or equal to 1", "INVALID_INPUT"),
      );
    }
    const option = productOptionOf(state, product);
    const chosen = new Set<string>();
    for (const [at, selection] of component.optionSelections.entries()) {
      if (selection.componentOptionId !== option.id) {
        errors.push(
          userError(
            path("optionSelections", String(at), "componentOptionId"),
            "Option does not exist",
            "INVALID_INPUT",
          ),
        );
        continue;
      }
      for (const value of selection.values) {
        if (option.values.includes(value)) chosen.add(value);
        else {
          errors.push(
            userError(
              path("optionSelections", String(at), "values"),
              `Option value ${value} does not exist`,
              "INVALID_INPUT",
            ),
          );
        }
      }
    }
    // Every option of a component must be selected, or Shopify cannot tell which variant ships.
    if (component.optionSelections.length === 0) {
      errors.push(
        userError(path("optionSelections"), `Select values for the option ${option.name}`, "INVALID_INPUT"),
      );
    }
    const variants = (state.variantsByProduct.get(product.id) ?? []).filter((variant) =>
      chosen.has(variant.title),
    );
    checked.push({ product, quantity, variants });
  });
  return { errors, checked };
}

/** Every combination of one variant per component. */
function combinations(components: CheckedComponent[]): StoreVariant[][] {
  return components.reduce<StoreVariant[][]>(
    (acc, component) => acc.flatMap((combo) => component.variants.map((variant) => [...combo, variant])),
    [[]],
  );
}

function productBundleCreate(_parent: unknown, args: { input: BundleCreateInput }, context: ServerContext) {
  const { input } = args;
  if (input.consolidatedOptions && input.consolidatedOptions.length > 0) {
    throw localUnsupported("productBundleCreate consolidatedOptions");
  }
  assertInputArraySize(input.components);
  const { state } = context;
  const { errors, checked } = checkComponents(state, input);
  if (errors.length > 0) return { productBundleOperation: null, userErrors: errors };

  const now = nowIso(context);
  const product: StoreProduct = {
    id: state.nextId("Product"),
    title: input.title.trim(),
    handle: `${input.title
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")}-${state.data.products.length + 1}`,
    status: "ACTIVE",
    productType: "",
    vendor: state.data.shop.name,
    tags: [],
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
    descriptionHtml: "",
    seoTitle: null,
    seoDescription: null,
    mediaCount: 0,
  };
  const variants: StoreVariant[] = combinations(checked).map((combo) => {
    let price = 0n;
    combo.forEach((variant, index) => {
      price += (toScaled(variant.price) ?? 0n) * BigInt(checked[index]!.quantity);
    });
    // A bundle sells as long as every component has stock for it.
    const available = Math.min(
      ...combo.map((variant, index) => Math.floor(variant.inventoryQuantity / checked[index]!.quantity)),
    );
    return {
      id: state.nextId("ProductVariant"),
      productId: product.id,
      title: combo.map((variant) => variant.title).join(" / "),
      sku: "",
      price: formatFixed(price, 2),
      compareAtPrice: null,
      inventoryQuantity: Math.max(0, available),
      inventoryItemId: state.nextId("InventoryItem"),
      unitCost: null,
      createdAt: now,
      updatedAt: now,
    };
  });
  state.data.products.push(product);
  state.productsById.set(product.id, product);
  state.data.variants.push(...variants);
  for (const variant of variants) state.variantsById.set(variant.id, variant);
  state.variantsByProduct.set(product.id, variants);

  const side = sideStore(state);
  const operation: BundleOperationRecord = {
    __typename: "ProductBundleOperation",
    id: ++side.lastBundleOperationId,
    productId: product.id,
    createdAtMs: context.now().getTime(),
    components: checked.map((component) => ({
      productId: component.product.id,
      quantity: component.quantity,
      variantIds: component.variants.map((variant) => variant.id),
    })),
  };
  side.bundleOperations.set(operation.id, operation);
  side.bundleComponents.set(product.id, operation.components);
  context.emitWebhook({ topic: "products/create", payload: restProduct(state, product) });
  return { productBundleOperation: operationView(operation, "CREATED", state), userErrors: [] };
}

/** The operation as the schema shows it at a given status (the product only once COMPLETE). */
function operationView(operation: BundleOperationRecord, status: string, state: StoreState) {
  return {
    __typename: "ProductBundleOperation",
    id: gid("ProductBundleOperation", operation.id),
    status,
    product: status === "COMPLETE" ? (state.productsById.get(operation.productId) ?? null) : null,
    userErrors: [],
  };
}

/** The operation as a later read sees it: CREATED until the job's time has passed, then COMPLETE. */
export function findBundleOperation(context: ServerContext, id: string) {
  const numeric = parseGid(id, "ProductBundleOperation");
  const operation = numeric === null ? undefined : sideStore(context.state).bundleOperations.get(numeric);
  if (!operation) return null;
  const done = context.now().getTime() - operation.createdAtMs >= BUNDLE_JOB_MS;
  return operationView(operation, done ? "COMPLETE" : "ACTIVE", context.state);
}

function productOperation(_root: unknown, args: { id: string }, context: ServerContext) {
  if (!/^gid:\/\/shopify\/Product\w*Operation\/\d+$/.test(args.id)) {
    throw new GraphQLError(`Invalid id: ${args.id}`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
  }
  if (parseGid(args.id, "ProductBundleOperation") === null) {
    throw localUnsupported("product operations other than ProductBundleOperation");
  }
  return findBundleOperation(context, args.id);
}

export const bundleMutations = { productBundleCreate };
export const bundleQueries = { productOperation };
