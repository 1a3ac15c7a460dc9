/*
 * The Admin API operations that apply and revert suggestions (app/suggestions/apply.server.ts).
 * One named operation each, typed by codegen; every mutation selects userErrors.
 */

/** The current values of the variants and products a suggestion touches (ids of both kinds, at most 250). */
export const SUGGESTION_TARGETS_QUERY = `#graphql
  query SuggestionTargets($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on ProductVariant {
        id
        price
        compareAtPrice
        product {
          id
        }
      }
      ... on Product {
        id
        status
        tags
        seo {
          title
          description
        }
      }
    }
  }
`;

export const SUGGESTION_PRICES_MUTATION = `#graphql
  mutation SuggestionPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const SUGGESTION_PRODUCT_MUTATION = `#graphql
  mutation SuggestionProduct($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const SUGGESTION_TAGS_ADD_MUTATION = `#graphql
  mutation SuggestionTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const SUGGESTION_TAGS_REMOVE_MUTATION = `#graphql
  mutation SuggestionTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const SUGGESTION_AUTOMATIC_DISCOUNT_MUTATION = `#graphql
  mutation SuggestionAutomaticDiscount($discount: DiscountAutomaticBasicInput!) {
    discountAutomaticBasicCreate(automaticBasicDiscount: $discount) {
      automaticDiscountNode {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const SUGGESTION_CODE_DISCOUNT_MUTATION = `#graphql
  mutation SuggestionCodeDiscount($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** After an unconfirmed code discount create: did Shopify make it? */
export const SUGGESTION_CODE_LOOKUP_QUERY = `#graphql
  query SuggestionCodeLookup($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
    }
  }
`;

export const SUGGESTION_DISCOUNT_STATUS_QUERY = `#graphql
  query SuggestionDiscountStatus($id: ID!) {
    discountNode(id: $id) {
      id
      discount {
        __typename
        ... on DiscountAutomaticBasic {
          status
        }
        ... on DiscountCodeBasic {
          status
        }
      }
    }
  }
`;

export const SUGGESTION_AUTOMATIC_DEACTIVATE_MUTATION = `#graphql
  mutation SuggestionAutomaticDeactivate($id: ID!) {
    discountAutomaticDeactivate(id: $id) {
      automaticDiscountNode {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const SUGGESTION_CODE_DEACTIVATE_MUTATION = `#graphql
  mutation SuggestionCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const SUGGESTION_ANNOTATION_MUTATION = `#graphql
  mutation SuggestionAnnotation($input: AnalyticsAnnotationCreateInput!) {
    analyticsAnnotationCreate(input: $input) {
      analyticsAnnotation {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Whether the shop may create bundles with productBundleCreate (refreshing suggestions asks). */
export const SHOP_BUNDLES_ELIGIBILITY_QUERY = `#graphql
  query ShopBundlesEligibility {
    shop {
      features {
        bundles {
          eligibleForBundles
          ineligibilityReason
        }
      }
    }
  }
`;

/** The options of a bundle's component products: productBundleCreate needs a selection for each. */
export const SUGGESTION_BUNDLE_OPTIONS_QUERY = `#graphql
  query SuggestionBundleOptions($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        options {
          id
          name
          values
        }
      }
    }
  }
`;

export const SUGGESTION_BUNDLE_CREATE_MUTATION = `#graphql
  mutation SuggestionBundleCreate($input: ProductBundleCreateInput!) {
    productBundleCreate(input: $input) {
      productBundleOperation {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** productBundleCreate runs as a job: polled until COMPLETE, then the bundle's variants are priced. */
export const SUGGESTION_BUNDLE_OPERATION_QUERY = `#graphql
  query SuggestionBundleOperation($id: ID!) {
    productOperation(id: $id) {
      status
      product {
        id
        variants(first: 250) {
          nodes {
            id
            price
          }
        }
      }
      ... on ProductBundleOperation {
        userErrors {
          field
          message
        }
      }
    }
  }
`;
