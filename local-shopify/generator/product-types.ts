import type { SeasonShape } from "./calendar";

/** What the generator knows about a product type: demand, prices, margins, returns, words. */
export interface ProductTypeDef {
  name: string;
  /** sku prefix */
  code: string;
  /** the singular noun that ends product titles */
  noun: string;
  /** share of a catalog's products */
  share: number;
  season: SeasonShape;
  /** relative units per product-day (cheap consumables sell more often than snowboards) */
  popularity: number;
  /** shelf price range in cents */
  priceCents: [number, number];
  /** unit cost as a share of price */
  costRatio: [number, number];
  /** share of sold units refunded */
  returnRate: number;
  /** price elasticity of demand (log-log); the literature centres near -2.6 */
  elasticity: number;
  /** variant option name and its values, in a natural order */
  option: { name: string; values: string[] };
  /** probability of 1, 2, 3, 4 variants */
  variantCounts: [number, number, number, number];
  vendors: string[];
  models: string[];
  features: string[];
  tags: string[];
}

const SIZES = ["XS", "S", "M", "L", "XL"];
const COLOURS = ["Black", "Navy", "Forest", "Rust", "Sand", "Charcoal", "Glacier Blue", "Red"];

export const PRODUCT_TYPES: readonly ProductTypeDef[] = [
  {
    name: "Snowboards",
    code: "SNB",
    noun: "Snowboard",
    share: 0.08,
    season: { kind: "winter", depth: 0.2 },
    popularity: 0.45,
    priceCents: [29_900, 69_900],
    costRatio: [0.45, 0.58],
    returnRate: 0.04,
    elasticity: -1.8,
    option: { name: "Length", values: ["146cm", "150cm", "154cm", "158cm", "162cm"] },
    variantCounts: [0.15, 0.15, 0.35, 0.35],
    vendors: ["Hydrogen Boards", "Northline", "Summit Craft"],
    models: ["Carver", "Twin Tip", "Powder Hound", "Park Rat", "Freeride", "Split", "Camber Pro", "Drifter"],
    features: [
      "a poplar and bamboo core that stays lively in cold snow",
      "a sintered base that holds wax through a full season",
      "a hybrid camber profile for float in powder and grip on hardpack",
      "steel edges wrapped the full length of the board",
      "a directional twin shape that rides switch without fuss",
    ],
    tags: ["snow", "hardgoods", "all-mountain", "freestyle"],
  },
  {
    name: "Snow Goggles",
    code: "GOG",
    noun: "Goggles",
    share: 0.05,
    season: { kind: "winter", depth: 0.25 },
    popularity: 0.8,
    priceCents: [5_900, 17_900],
    costRatio: [0.35, 0.5],
    returnRate: 0.05,
    elasticity: -2.2,
    option: { name: "Lens", values: ["Smoke", "Amber", "Rose", "Mirror Blue"] },
    variantCounts: [0.3, 0.3, 0.25, 0.15],
    vendors: ["Clearline Optics", "Northline"],
    models: ["Flat Light", "Bluebird", "Whiteout", "Spherical", "Cylinder", "Storm"],
    features: [
      "a double lens with an anti-fog coating",
      "a wide field of view that fits under most helmets",
      "triple-layer face foam for long days",
      "a quick-change magnetic lens system",
    ],
    tags: ["snow", "eyewear", "helmet-compatible"],
  },
  {
    name: "Ski Wax",
    code: "WAX",
    noun: "Wax",
    share: 0.05,
    season: { kind: "winter", depth: 0.2 },
    popularity: 1.8,
    priceCents: [999, 2_499],
    costRatio: [0.3, 0.45],
    returnRate: 0.01,
    elasticity: -1.5,
    option: { name: "Temperature", values: ["Cold", "Universal", "Warm"] },
    variantCounts: [0.55, 0.15, 0.3, 0],
    vendors: ["Glide Lab", "Summit Craft"],
    models: ["Race", "All-Temp", "Rub-On", "Hot Wax", "Base Prep", "Eco"],
    features: [
      "a fluoro-free formula",
      "a bar that covers about ten boards",
      "a blend tuned for the snow temperatures it names",
      "easy scraping and a fast finish",
    ],
    tags: ["snow", "tuning", "fluoro-free"],
  },
  {
    name: "Jackets",
    code: "JKT",
    noun: "Jacket",
    share: 0.08,
    season: { kind: "winter", depth: 0.25 },
    popularity: 0.7,
    priceCents: [12_900, 39_900],
    costRatio: [0.38, 0.55],
    returnRate: 0.09,
    elasticity: -2.4,
    option: { name: "Size", values: SIZES },
    variantCounts: [0.05, 0.15, 0.35, 0.45],
    vendors: ["Ridgeline Apparel", "Northline", "Harbor & Pine"],
    models: ["Shell", "Insulated", "Storm", "Anorak", "Down", "Softshell", "Parka"],
    features: [
      "a waterproof, breathable 20k membrane",
      "fully taped seams",
      "recycled synthetic insulation",
      "pit zips for the climb up",
      "a helmet-compatible hood",
    ],
    tags: ["outerwear", "waterproof", "recycled"],
  },
  {
    name: "Beanies",
    code: "BNE",
    noun: "Beanie",
    share: 0.06,
    season: { kind: "winter", depth: 0.3 },
    popularity: 1.4,
    priceCents: [1_999, 3_999],
    costRatio: [0.3, 0.45],
    returnRate: 0.03,
    elasticity: -2.8,
    option: { name: "Colour", values: COLOURS },
    variantCounts: [0.3, 0.3, 0.25, 0.15],
    vendors: ["Harbor & Pine", "Ridgeline Apparel"],
    models: ["Cuffed", "Pom", "Fisherman", "Merino", "Slouch", "Watch Cap"],
    features: ["soft merino wool", "a double-layer cuff", "a fleece lining", "a knit that keeps its shape"],
    tags: ["accessories", "knit", "unisex"],
  },
  {
    name: "Gloves",
    code: "GLV",
    noun: "Gloves",
    share: 0.06,
    season: { kind: "winter", depth: 0.25 },
    popularity: 1.0,
    priceCents: [2_499, 8_999],
    costRatio: [0.35, 0.5],
    returnRate: 0.06,
    elasticity: -2.5,
    option: { name: "Size", values: SIZES },
    variantCounts: [0.1, 0.2, 0.35, 0.35],
    vendors: ["Ridgeline Apparel", "Summit Craft"],
    models: ["Mitt", "Pipe", "Touch", "Leather", "Three-Finger", "Liner"],
    features: ["a waterproof insert", "touchscreen fingertips", "goat leather palms", "a long gauntlet cuff"],
    tags: ["accessories", "waterproof"],
  },
  {
    name: "Hoodies",
    code: "HOD",
    noun: "Hoodie",
    share: 0.08,
    season: { kind: "all", depth: 0.5 },
    popularity: 1.1,
    priceCents: [4_900, 8_900],
    costRatio: [0.3, 0.45],
    returnRate: 0.07,
    elasticity: -2.9,
    option: { name: "Size", values: SIZES },
    variantCounts: [0.05, 0.15, 0.35, 0.45],
    vendors: ["Harbor & Pine", "Shelf Basics"],
    models: ["Pullover", "Zip", "Heavyweight", "Tech Fleece", "Logo", "Garment Dyed"],
    features: ["a brushed cotton fleece", "a kangaroo pocket", "ribbed cuffs", "organic cotton"],
    tags: ["apparel", "organic-cotton", "unisex"],
  },
  {
    name: "T-Shirts",
    code: "TEE",
    noun: "Tee",
    share: 0.13,
    season: { kind: "all", depth: 0.35 },
    popularity: 1.5,
    priceCents: [1_999, 3_999],
    costRatio: [0.28, 0.45],
    returnRate: 0.06,
    elasticity: -3.2,
    option: { name: "Size", values: SIZES },
    variantCounts: [0.05, 0.15, 0.35, 0.45],
    vendors: ["Shelf Basics", "Harbor & Pine", "Ridgeline Apparel"],
    models: ["Logo", "Pocket", "Mountain", "Wave", "Vintage", "Graphic", "Essential", "Trail"],
    features: ["soft ring-spun cotton", "a relaxed fit", "a water-based print", "a tag-free neck"],
    tags: ["apparel", "organic-cotton", "unisex"],
  },
  {
    name: "Backpacks",
    code: "BPK",
    noun: "Backpack",
    share: 0.06,
    season: { kind: "all", depth: 0.3 },
    popularity: 0.9,
    priceCents: [5_900, 15_900],
    costRatio: [0.35, 0.5],
    returnRate: 0.04,
    elasticity: -2.3,
    option: { name: "Colour", values: COLOURS },
    variantCounts: [0.3, 0.35, 0.25, 0.1],
    vendors: ["Trailworks", "Summit Craft"],
    models: ["Day", "Commuter", "Roll-Top", "Hydration", "Avalanche", "Weekender"],
    features: [
      "a padded laptop sleeve",
      "a waterproof roll-top",
      "a back panel that breathes",
      "recycled nylon",
    ],
    tags: ["bags", "recycled", "travel"],
  },
  {
    name: "Socks",
    code: "SCK",
    noun: "Socks",
    share: 0.06,
    season: { kind: "all", depth: 0.45 },
    popularity: 1.6,
    priceCents: [1_299, 2_499],
    costRatio: [0.25, 0.4],
    returnRate: 0.02,
    elasticity: -3.5,
    option: { name: "Size", values: ["S/M", "L/XL"] },
    variantCounts: [0.4, 0.6, 0, 0],
    vendors: ["Shelf Basics", "Trailworks"],
    models: ["Merino Crew", "Ski", "Hiking", "Ankle", "Cushioned", "Compression"],
    features: ["merino wool that does not itch", "a cushioned sole", "a seamless toe", "arch support"],
    tags: ["accessories", "merino"],
  },
  {
    name: "Water Bottles",
    code: "BTL",
    noun: "Bottle",
    share: 0.05,
    season: { kind: "summer", depth: 0.5 },
    popularity: 1.2,
    priceCents: [1_999, 4_499],
    costRatio: [0.3, 0.45],
    returnRate: 0.02,
    elasticity: -3.0,
    option: { name: "Size", values: ["500ml", "750ml", "1L"] },
    variantCounts: [0.35, 0.3, 0.35, 0],
    vendors: ["Trailworks", "Clearline Outdoor"],
    models: ["Insulated", "Trail", "Wide Mouth", "Collapsible", "Filter", "Summit"],
    features: ["double-wall insulation", "a leak-proof lid", "BPA-free materials", "a powder-coated finish"],
    tags: ["hydration", "bpa-free"],
  },
  {
    name: "Sunglasses",
    code: "SUN",
    noun: "Sunglasses",
    share: 0.07,
    season: { kind: "summer", depth: 0.35 },
    popularity: 0.9,
    priceCents: [4_900, 19_900],
    costRatio: [0.3, 0.5],
    returnRate: 0.05,
    elasticity: -2.6,
    option: { name: "Lens", values: ["Smoke", "Amber", "Polarised Green", "Mirror Blue"] },
    variantCounts: [0.35, 0.3, 0.25, 0.1],
    vendors: ["Clearline Optics", "Coastline"],
    models: ["Aviator", "Wayfarer", "Sport Wrap", "Round", "Glacier", "Trail"],
    features: ["polarised lenses", "UV400 protection", "a lightweight TR90 frame", "spring hinges"],
    tags: ["eyewear", "polarised", "uv400"],
  },
  {
    name: "Board Shorts",
    code: "BSH",
    noun: "Board Shorts",
    share: 0.06,
    season: { kind: "summer", depth: 0.2 },
    popularity: 1.0,
    priceCents: [3_999, 6_999],
    costRatio: [0.3, 0.45],
    returnRate: 0.08,
    elasticity: -2.9,
    option: { name: "Waist", values: ["28", "30", "32", "34", "36"] },
    variantCounts: [0.05, 0.15, 0.35, 0.45],
    vendors: ["Coastline", "Harbor & Pine"],
    models: ["Scallop", "Stretch", "Volley", "Printed", "Hybrid", "Classic"],
    features: ["four-way stretch", "a quick-dry weave", "a zip key pocket", "recycled polyester"],
    tags: ["swim", "quick-dry", "recycled"],
  },
  {
    name: "Sandals",
    code: "SND",
    noun: "Sandals",
    share: 0.05,
    season: { kind: "summer", depth: 0.25 },
    popularity: 1.0,
    priceCents: [2_999, 7_999],
    costRatio: [0.3, 0.48],
    returnRate: 0.07,
    elasticity: -2.7,
    option: { name: "Size", values: ["US 7", "US 8", "US 9", "US 10", "US 11"] },
    variantCounts: [0.05, 0.15, 0.35, 0.45],
    vendors: ["Coastline", "Trailworks"],
    models: ["Slide", "Trail", "Flip", "Strap", "Recovery", "River"],
    features: ["a contoured footbed", "a grippy rubber outsole", "adjustable straps", "quick-dry webbing"],
    tags: ["footwear", "summer-essentials"],
  },
  {
    name: "Caps",
    code: "CAP",
    noun: "Cap",
    share: 0.06,
    season: { kind: "summer", depth: 0.6 },
    popularity: 1.1,
    priceCents: [2_499, 3_499],
    costRatio: [0.28, 0.42],
    returnRate: 0.03,
    elasticity: -3.0,
    option: { name: "Colour", values: COLOURS },
    variantCounts: [0.4, 0.3, 0.2, 0.1],
    vendors: ["Shelf Basics", "Coastline"],
    models: ["Trucker", "Five-Panel", "Dad", "Snapback", "Camp", "Rope"],
    features: ["a curved brim", "a breathable mesh back", "an adjustable strap", "an embroidered patch"],
    tags: ["accessories", "unisex"],
  },
];

const TYPES_BY_NAME = new Map(PRODUCT_TYPES.map((type) => [type.name, type]));

/** The definition for a product type name, or undefined for types this generator did not create. */
export function productTypeNamed(name: string): ProductTypeDef | undefined {
  return TYPES_BY_NAME.get(name);
}

export function typeIndexOf(name: string): number {
  const index = PRODUCT_TYPES.findIndex((type) => type.name === name);
  if (index < 0) throw new RangeError(`unknown product type ${name}`);
  return index;
}
