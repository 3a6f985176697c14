/*
 * gen_item.c - what a generated item is: the vocabularies (brands, product
 * types, colours, sizes, Rekognition labels, tag texts), their
 * distributions, and the layout of each photo.
 *
 * gen_item_make() is a pure function of (seed, index): the per-item random
 * stream is seeded from both, so items can be made in any order, on any
 * thread, and come out the same.
 */
#include "gen_item.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "font.h"
#include "xmalloc.h"

/* ------------------------------------------------------------------ */
/* Rekognition labels: name, parents (which Rekognition also returns as  */
/* labels of their own), category.                                       */

#define CAT_APPAREL "Apparel and Accessories"
#define CAT_HOME "Home and Indoors"
#define CAT_TEXT "Text and Documents"
#define CAT_PEOPLE "Person Description"
#define CAT_OTHER "Patterns and Shapes"

#define LABEL(id, name, cat, p0, p1, p2) \
	static const struct gen_labeldef id = { name, { p0, p1, p2 }, cat }

LABEL(L_CLOTHING, "Clothing", CAT_APPAREL, NULL, NULL, NULL);
LABEL(L_APPAREL, "Apparel", CAT_APPAREL, NULL, NULL, NULL);
LABEL(L_ACCESSORIES, "Accessories", CAT_APPAREL, NULL, NULL, NULL);
LABEL(L_FASHION, "Fashion", CAT_APPAREL, NULL, NULL, NULL);
LABEL(L_PANTS, "Pants", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_JEANS, "Jeans", CAT_APPAREL, &L_PANTS, &L_CLOTHING, NULL);
LABEL(L_DENIM, "Denim", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_SHORTS, "Shorts", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_SKIRT, "Skirt", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_MINISKIRT, "Miniskirt", CAT_APPAREL, &L_SKIRT, &L_CLOTHING, NULL);
LABEL(L_DRESS, "Dress", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_GOWN, "Evening Dress", CAT_APPAREL, &L_DRESS, &L_FASHION,
    &L_CLOTHING);
LABEL(L_SHIRT, "Shirt", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_TSHIRT, "T-Shirt", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_BLOUSE, "Blouse", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_TANKTOP, "Tank Top", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_SWEATER, "Sweater", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_CARDIGAN, "Cardigan", CAT_APPAREL, &L_SWEATER, &L_CLOTHING, NULL);
LABEL(L_SWEATSHIRT, "Sweatshirt", CAT_APPAREL, &L_SWEATER, &L_CLOTHING,
    NULL);
LABEL(L_HOODIE, "Hoodie", CAT_APPAREL, &L_SWEATSHIRT, &L_SWEATER,
    &L_CLOTHING);
LABEL(L_VEST, "Vest", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_COAT, "Coat", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_JACKET, "Jacket", CAT_APPAREL, &L_COAT, &L_CLOTHING, NULL);
LABEL(L_BLAZER, "Blazer", CAT_APPAREL, &L_JACKET, &L_COAT, &L_CLOTHING);
LABEL(L_SUIT, "Suit", CAT_APPAREL, &L_COAT, &L_CLOTHING, NULL);
LABEL(L_FOOTWEAR, "Footwear", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_SHOE, "Shoe", CAT_APPAREL, &L_FOOTWEAR, &L_CLOTHING, NULL);
LABEL(L_SNEAKER, "Sneaker", CAT_APPAREL, &L_SHOE, &L_FOOTWEAR, &L_CLOTHING);
LABEL(L_RUNNING, "Running Shoe", CAT_APPAREL, &L_SHOE, &L_FOOTWEAR,
    &L_CLOTHING);
LABEL(L_BOOT, "Boot", CAT_APPAREL, &L_SHOE, &L_FOOTWEAR, &L_CLOTHING);
LABEL(L_SANDAL, "Sandal", CAT_APPAREL, &L_SHOE, &L_FOOTWEAR, &L_CLOTHING);
LABEL(L_HEEL, "High Heel", CAT_APPAREL, &L_SHOE, &L_FOOTWEAR, &L_CLOTHING);
LABEL(L_FLIPFLOP, "Flip-Flop", CAT_APPAREL, &L_SANDAL, &L_FOOTWEAR,
    &L_CLOTHING);
LABEL(L_BAG, "Bag", CAT_APPAREL, &L_ACCESSORIES, NULL, NULL);
LABEL(L_HANDBAG, "Handbag", CAT_APPAREL, &L_BAG, &L_ACCESSORIES, NULL);
LABEL(L_PURSE, "Purse", CAT_APPAREL, &L_HANDBAG, &L_BAG, &L_ACCESSORIES);
LABEL(L_BACKPACK, "Backpack", CAT_APPAREL, &L_BAG, &L_ACCESSORIES, NULL);
LABEL(L_TOTE, "Tote Bag", CAT_APPAREL, &L_HANDBAG, &L_BAG, &L_ACCESSORIES);
LABEL(L_WALLET, "Wallet", CAT_APPAREL, &L_ACCESSORIES, NULL, NULL);
LABEL(L_LUGGAGE, "Luggage", CAT_APPAREL, &L_BAG, &L_ACCESSORIES, NULL);
LABEL(L_HAT, "Hat", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_CAP, "Cap", CAT_APPAREL, &L_HAT, &L_CLOTHING, NULL);
LABEL(L_SUNHAT, "Sun Hat", CAT_APPAREL, &L_HAT, &L_CLOTHING, NULL);
LABEL(L_SCARF, "Scarf", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_STOLE, "Stole", CAT_APPAREL, &L_SCARF, &L_CLOTHING, NULL);
LABEL(L_BELT, "Belt", CAT_APPAREL, &L_ACCESSORIES, NULL, NULL);
LABEL(L_TIE, "Tie", CAT_APPAREL, &L_ACCESSORIES, NULL, NULL);
LABEL(L_GLOVE, "Glove", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_SOCK, "Sock", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_SWIMWEAR, "Swimwear", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_BIKINI, "Bikini", CAT_APPAREL, &L_SWIMWEAR, &L_CLOTHING, NULL);
LABEL(L_SLEEVE, "Sleeve", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_LONGSLEEVE, "Long Sleeve", CAT_APPAREL, &L_SLEEVE, &L_CLOTHING,
    NULL);
LABEL(L_POCKET, "Pocket", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_COLLAR, "Collar", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_HOOD, "Hood", CAT_APPAREL, &L_CLOTHING, NULL, NULL);
LABEL(L_ZIPPER, "Zipper", CAT_APPAREL, NULL, NULL, NULL);
LABEL(L_BUTTON, "Button", CAT_APPAREL, NULL, NULL, NULL);
LABEL(L_LEATHER, "Leather", CAT_APPAREL, NULL, NULL, NULL);
LABEL(L_STRAP, "Strap", CAT_APPAREL, &L_ACCESSORIES, NULL, NULL);
LABEL(L_TEXT, "Text", CAT_TEXT, NULL, NULL, NULL);
LABEL(L_LABEL, "Label", CAT_TEXT, &L_TEXT, NULL, NULL);
LABEL(L_LOGO, "Logo", CAT_TEXT, NULL, NULL, NULL);
LABEL(L_NUMBER, "Number", CAT_TEXT, &L_TEXT, NULL, NULL);
LABEL(L_PERSON, "Person", CAT_PEOPLE, NULL, NULL, NULL);
LABEL(L_HUMAN, "Human", CAT_PEOPLE, NULL, NULL, NULL);
LABEL(L_FLOOR, "Floor", CAT_HOME, NULL, NULL, NULL);
LABEL(L_FLOORING, "Flooring", CAT_HOME, &L_FLOOR, NULL, NULL);
LABEL(L_WOOD, "Wood", CAT_HOME, NULL, NULL, NULL);
LABEL(L_HARDWOOD, "Hardwood", CAT_HOME, &L_WOOD, NULL, NULL);
LABEL(L_FURNITURE, "Furniture", CAT_HOME, NULL, NULL, NULL);
LABEL(L_BED, "Bed", CAT_HOME, &L_FURNITURE, NULL, NULL);
LABEL(L_HOMEDECOR, "Home Decor", CAT_HOME, NULL, NULL, NULL);
LABEL(L_LINEN, "Linen", CAT_HOME, &L_HOMEDECOR, NULL, NULL);
LABEL(L_CUSHION, "Cushion", CAT_HOME, &L_HOMEDECOR, NULL, NULL);
LABEL(L_WALL, "Wall", CAT_HOME, NULL, NULL, NULL);
LABEL(L_INDOORS, "Indoors", CAT_HOME, NULL, NULL, NULL);
LABEL(L_ROOM, "Room", CAT_HOME, &L_INDOORS, NULL, NULL);
LABEL(L_HANGER, "Hanger", CAT_HOME, NULL, NULL, NULL);
LABEL(L_RUG, "Rug", CAT_HOME, &L_HOMEDECOR, NULL, NULL);
LABEL(L_CURTAIN, "Curtain", CAT_HOME, &L_HOMEDECOR, NULL, NULL);
LABEL(L_PATTERN, "Pattern", CAT_OTHER, NULL, NULL, NULL);
LABEL(L_TEXTURE, "Texture", CAT_OTHER, NULL, NULL, NULL);
LABEL(L_PLAID, "Plaid", CAT_OTHER, &L_PATTERN, NULL, NULL);
LABEL(L_SHADOW, "Shadow", CAT_OTHER, NULL, NULL, NULL);
LABEL(L_PAPER, "Paper", CAT_TEXT, NULL, NULL, NULL);
LABEL(L_PLANT, "Plant", CAT_HOME, NULL, NULL, NULL);
LABEL(L_PET, "Pet", CAT_HOME, NULL, NULL, NULL);
LABEL(L_CAT, "Cat", CAT_HOME, &L_PET, NULL, NULL);

/* Low-confidence guesses Rekognition adds to any photo. */
static const struct gen_labeldef *const gen_fillers[] = {
	&L_PERSON, &L_HUMAN, &L_PATTERN, &L_TEXTURE, &L_PLAID, &L_SHADOW,
	&L_RUG, &L_HANDBAG, &L_SHORTS, &L_SKIRT, &L_SHOE, &L_PANTS, &L_JEANS,
	&L_DRESS, &L_COAT, &L_JACKET, &L_HAT, &L_SCARF, &L_CAT, &L_PET,
	&L_PLANT, &L_PAPER, &L_CUSHION, &L_CURTAIN, &L_WALLET, &L_BELT,
	&L_LEATHER, &L_DENIM, &L_POCKET, &L_SLEEVE, &L_BUTTON, &L_VEST,
	&L_SOCK, &L_GLOVE, &L_TIE, &L_FASHION, &L_ROOM, &L_STRAP,
};

/* Detail labels that go with each silhouette. */
static const struct gen_labeldef *const gen_details[GEN_SHAPE_COUNT][4] = {
	[GEN_SHAPE_TROUSERS] = { &L_POCKET, &L_ZIPPER, &L_BUTTON, NULL },
	[GEN_SHAPE_SHORTS] = { &L_POCKET, &L_ZIPPER, NULL, NULL },
	[GEN_SHAPE_TOP] = { &L_SLEEVE, &L_COLLAR, &L_LONGSLEEVE, NULL },
	[GEN_SHAPE_COAT] = { &L_SLEEVE, &L_ZIPPER, &L_BUTTON, &L_HOOD },
	[GEN_SHAPE_DRESS] = { &L_FASHION, &L_SLEEVE, NULL, NULL },
	[GEN_SHAPE_SKIRT] = { &L_FASHION, &L_MINISKIRT, NULL, NULL },
	[GEN_SHAPE_SHOE] = { &L_LEATHER, &L_RUNNING, NULL, NULL },
	[GEN_SHAPE_BAG] = { &L_LEATHER, &L_STRAP, &L_PURSE, NULL },
	[GEN_SHAPE_HAT] = { &L_CAP, &L_SUNHAT, NULL, NULL },
	[GEN_SHAPE_SCARF] = { &L_STOLE, &L_PATTERN, NULL, NULL },
	[GEN_SHAPE_SWIM] = { &L_FASHION, NULL, NULL, NULL },
};

/* ------------------------------------------------------------------ */
/* Product types, with a relative frequency.                            */

static const struct {
	struct gen_typedef def;
	int weight;
} gen_types[] = {
	{ { "Jeans", GEN_SHAPE_TROUSERS, &L_JEANS }, 120 },
	{ { "Dress_pants", GEN_SHAPE_TROUSERS, &L_PANTS }, 40 },
	{ { "Chinos", GEN_SHAPE_TROUSERS, &L_PANTS }, 30 },
	{ { "Leggings", GEN_SHAPE_TROUSERS, &L_PANTS }, 25 },
	{ { "Sweatpants", GEN_SHAPE_TROUSERS, &L_PANTS }, 25 },
	{ { "Cargo_pants", GEN_SHAPE_TROUSERS, &L_PANTS }, 15 },
	{ { "Joggers", GEN_SHAPE_TROUSERS, &L_PANTS }, 15 },
	{ { "Corduroy_pants", GEN_SHAPE_TROUSERS, &L_PANTS }, 8 },
	{ { "Culottes", GEN_SHAPE_TROUSERS, &L_PANTS }, 5 },
	{ { "Jumpsuit", GEN_SHAPE_TROUSERS, &L_PANTS }, 10 },
	{ { "Dungarees", GEN_SHAPE_TROUSERS, &L_DENIM }, 5 },
	{ { "Shorts", GEN_SHAPE_SHORTS, &L_SHORTS }, 40 },
	{ { "Denim_shorts", GEN_SHAPE_SHORTS, &L_SHORTS }, 20 },
	{ { "Bermuda_shorts", GEN_SHAPE_SHORTS, &L_SHORTS }, 8 },
	{ { "Swim_shorts", GEN_SHAPE_SHORTS, &L_SHORTS }, 8 },
	{ { "T-shirt", GEN_SHAPE_TOP, &L_TSHIRT }, 110 },
	{ { "Shirt", GEN_SHAPE_TOP, &L_SHIRT }, 60 },
	{ { "Blouse", GEN_SHAPE_TOP, &L_BLOUSE }, 45 },
	{ { "Polo_shirt", GEN_SHAPE_TOP, &L_SHIRT }, 20 },
	{ { "Tank_top", GEN_SHAPE_TOP, &L_TANKTOP }, 20 },
	{ { "Crop_top", GEN_SHAPE_TOP, &L_TANKTOP }, 15 },
	{ { "Sweater", GEN_SHAPE_TOP, &L_SWEATER }, 60 },
	{ { "Cardigan", GEN_SHAPE_TOP, &L_CARDIGAN }, 30 },
	{ { "Hoodie", GEN_SHAPE_TOP, &L_HOODIE }, 45 },
	{ { "Sweatshirt", GEN_SHAPE_TOP, &L_SWEATSHIRT }, 35 },
	{ { "Turtleneck", GEN_SHAPE_TOP, &L_SWEATER }, 10 },
	{ { "Long_sleeve_top", GEN_SHAPE_TOP, &L_LONGSLEEVE }, 20 },
	{ { "Tunic", GEN_SHAPE_TOP, &L_BLOUSE }, 6 },
	{ { "Bodysuit", GEN_SHAPE_TOP, &L_TANKTOP }, 6 },
	{ { "Jersey", GEN_SHAPE_TOP, &L_TSHIRT }, 10 },
	{ { "Vest", GEN_SHAPE_TOP, &L_VEST }, 10 },
	{ { "Coat", GEN_SHAPE_COAT, &L_COAT }, 40 },
	{ { "Jacket", GEN_SHAPE_COAT, &L_JACKET }, 60 },
	{ { "Blazer", GEN_SHAPE_COAT, &L_BLAZER }, 30 },
	{ { "Parka", GEN_SHAPE_COAT, &L_COAT }, 12 },
	{ { "Trench_coat", GEN_SHAPE_COAT, &L_COAT }, 10 },
	{ { "Denim_jacket", GEN_SHAPE_COAT, &L_JACKET }, 20 },
	{ { "Leather_jacket", GEN_SHAPE_COAT, &L_JACKET }, 15 },
	{ { "Puffer_jacket", GEN_SHAPE_COAT, &L_JACKET }, 15 },
	{ { "Bomber_jacket", GEN_SHAPE_COAT, &L_JACKET }, 8 },
	{ { "Raincoat", GEN_SHAPE_COAT, &L_COAT }, 6 },
	{ { "Fleece_jacket", GEN_SHAPE_COAT, &L_JACKET }, 8 },
	{ { "Gilet", GEN_SHAPE_COAT, &L_VEST }, 6 },
	{ { "Suit", GEN_SHAPE_COAT, &L_SUIT }, 8 },
	{ { "Dress", GEN_SHAPE_DRESS, &L_DRESS }, 90 },
	{ { "Maxi_dress", GEN_SHAPE_DRESS, &L_DRESS }, 20 },
	{ { "Mini_dress", GEN_SHAPE_DRESS, &L_DRESS }, 20 },
	{ { "Evening_dress", GEN_SHAPE_DRESS, &L_GOWN }, 10 },
	{ { "Summer_dress", GEN_SHAPE_DRESS, &L_DRESS }, 15 },
	{ { "Shirt_dress", GEN_SHAPE_DRESS, &L_DRESS }, 8 },
	{ { "Wedding_dress", GEN_SHAPE_DRESS, &L_GOWN }, 3 },
	{ { "Playsuit", GEN_SHAPE_DRESS, &L_DRESS }, 6 },
	{ { "Skirt", GEN_SHAPE_SKIRT, &L_SKIRT }, 45 },
	{ { "Mini_skirt", GEN_SHAPE_SKIRT, &L_MINISKIRT }, 15 },
	{ { "Midi_skirt", GEN_SHAPE_SKIRT, &L_SKIRT }, 15 },
	{ { "Maxi_skirt", GEN_SHAPE_SKIRT, &L_SKIRT }, 8 },
	{ { "Pleated_skirt", GEN_SHAPE_SKIRT, &L_SKIRT }, 8 },
	{ { "Denim_skirt", GEN_SHAPE_SKIRT, &L_SKIRT }, 8 },
	{ { "Sneakers", GEN_SHAPE_SHOE, &L_SNEAKER }, 90 },
	{ { "Boots", GEN_SHAPE_SHOE, &L_BOOT }, 35 },
	{ { "Ankle_boots", GEN_SHAPE_SHOE, &L_BOOT }, 20 },
	{ { "Sandals", GEN_SHAPE_SHOE, &L_SANDAL }, 25 },
	{ { "Heels", GEN_SHAPE_SHOE, &L_HEEL }, 25 },
	{ { "Loafers", GEN_SHAPE_SHOE, &L_SHOE }, 12 },
	{ { "Ballet_flats", GEN_SHAPE_SHOE, &L_SHOE }, 10 },
	{ { "Running_shoes", GEN_SHAPE_SHOE, &L_RUNNING }, 15 },
	{ { "Flip_flops", GEN_SHAPE_SHOE, &L_FLIPFLOP }, 6 },
	{ { "Oxford_shoes", GEN_SHAPE_SHOE, &L_SHOE }, 6 },
	{ { "Espadrilles", GEN_SHAPE_SHOE, &L_SHOE }, 4 },
	{ { "Handbag", GEN_SHAPE_BAG, &L_HANDBAG }, 40 },
	{ { "Backpack", GEN_SHAPE_BAG, &L_BACKPACK }, 15 },
	{ { "Tote_bag", GEN_SHAPE_BAG, &L_TOTE }, 15 },
	{ { "Shoulder_bag", GEN_SHAPE_BAG, &L_HANDBAG }, 15 },
	{ { "Clutch", GEN_SHAPE_BAG, &L_PURSE }, 8 },
	{ { "Crossbody_bag", GEN_SHAPE_BAG, &L_HANDBAG }, 10 },
	{ { "Wallet", GEN_SHAPE_BAG, &L_WALLET }, 6 },
	{ { "Suitcase", GEN_SHAPE_BAG, &L_LUGGAGE }, 3 },
	{ { "Hat", GEN_SHAPE_HAT, &L_HAT }, 10 },
	{ { "Cap", GEN_SHAPE_HAT, &L_CAP }, 12 },
	{ { "Beanie", GEN_SHAPE_HAT, &L_HAT }, 8 },
	{ { "Bucket_hat", GEN_SHAPE_HAT, &L_HAT }, 5 },
	{ { "Sun_hat", GEN_SHAPE_HAT, &L_SUNHAT }, 4 },
	{ { "Scarf", GEN_SHAPE_SCARF, &L_SCARF }, 15 },
	{ { "Belt", GEN_SHAPE_SCARF, &L_BELT }, 8 },
	{ { "Tie", GEN_SHAPE_SCARF, &L_TIE }, 4 },
	{ { "Bikini", GEN_SHAPE_SWIM, &L_BIKINI }, 10 },
	{ { "Swimsuit", GEN_SHAPE_SWIM, &L_SWIMWEAR }, 8 },
};
#define GEN_NTYPES (sizeof gen_types / sizeof gen_types[0])

/* Colours with a relative frequency and the RGB they are painted in. */
static const struct {
	struct gen_colordef def;
	int weight;
} gen_colors[] = {
	{ { "black", { 28, 28, 30 } }, 160 },
	{ { "white", { 236, 236, 232 } }, 90 },
	{ { "blue", { 48, 84, 160 } }, 120 },
	{ { "grey", { 128, 128, 132 } }, 70 },
	{ { "navy", { 28, 38, 80 } }, 50 },
	{ { "beige", { 214, 196, 160 } }, 45 },
	{ { "brown", { 110, 72, 44 } }, 40 },
	{ { "red", { 184, 36, 40 } }, 35 },
	{ { "green", { 54, 120, 64 } }, 30 },
	{ { "pink", { 232, 150, 180 } }, 30 },
	{ { "khaki", { 160, 150, 100 } }, 20 },
	{ { "burgundy", { 110, 24, 44 } }, 15 },
	{ { "yellow", { 236, 200, 50 } }, 15 },
	{ { "orange", { 230, 120, 40 } }, 12 },
	{ { "purple", { 112, 60, 140 } }, 12 },
	{ { "cream", { 244, 236, 212 } }, 12 },
	{ { "turquoise", { 50, 180, 180 } }, 8 },
	{ { "silver", { 190, 192, 198 } }, 6 },
	{ { "gold", { 200, 166, 70 } }, 5 },
	{ { "multicolour", { 150, 90, 160 } }, 15 },
};
#define GEN_NCOLORS (sizeof gen_colors / sizeof gen_colors[0])

/* ------------------------------------------------------------------ */
/* Brands: hand-picked names first (the head of the Zipf distribution),  */
/* then made-up names for the long tail.                                 */

static const char *const gen_brand_head[] = {
	"Zara", "H&M", "Levi's", "Nike", "Mango", "Adidas", "ユニクロ",
	"Primark", "Uniqlo", "Esprit", "Tommy Hilfiger", "Only", "Vero Moda",
	"Jack & Jones", "Pull&Bear", "Bershka", "Stradivarius", "Massimo Dutti",
	"Calvin Klein", "Ralph Lauren", "Gap", "Next", "Marks & Spencer",
	"Asos", "Vans", "Converse", "New Balance", "Puma", "The North Face",
	"Patagonia", "BDG", "Urban Outfitters", "Topshop", "Monki", "Weekday",
	"COS", "& Other Stories", "Arket", "Cos", "Superdry", "Diesel", "G-Star",
	"Wrangler", "Lee", "Carhartt WIP", "Dickies", "Champion", "Fila",
	"Reebok", "Dr. Martens", "Timberland", "Clarks", "Birkenstock",
	"Lacoste", "Fred Perry", "Hugo Boss", "Armani Exchange", "Guess",
	"Michael Kors", "Coach", "無印良品", "Abercrombie & Fitch",
	"Hollister", "American Eagle", "Dolce & Gabbana", "Gucci", "Prada",
	"Chloé", "Comme des Garçons", "Sézane", "Agnès b.", "Maje", "Sandro",
	"Isabel Marant", "A.P.C.", "Acne Studios", "Hermès", "Fjällräven",
	"Stüssy", "Björn Borg", "Sergio Tacchini", "Kappa", "Ellesse",
	"Napapijri", "Moncler", "Stone Island", "Barbour", "Boden", "Joules",
	"Whistles", "Reiss", "AllSaints", "Ted Baker", "Karen Millen",
	"Hobbs", "Jigsaw", "Oasis", "Warehouse", "New Look", "River Island",
	"Miss Selfridge", "Dorothy Perkins", "Wallis", "Per Una", "Kiabi",
	"Promod", "Jennyfer", "Camaïeu", "Kookaï", "Naf Naf", "Desigual",
	"Benetton", "Sisley", "Liu Jo", "Pinko", "Max Mara", "Marella",
	"オニツカタイガー", "李宁", "波司登", "스파오", "Atelier \"Noir\"",
	"Scotch & Soda", "Marc O'Polo", "s.Oliver", "Tom Tailor", "Gerry Weber",
	"Street One", "Cecil", "Opus", "Hallhuber", "Comptoir des Cotonniers",
	"Petit Bateau", "Jacadi", "Okaïdi", "Vertbaudet", "Zara Kids",
	"HAY", "Away", "AYMT", "Maya",
};
#define GEN_NHEAD (sizeof gen_brand_head / sizeof gen_brand_head[0])
#define GEN_NTAIL 320
#define GEN_NBRANDS (GEN_NHEAD + GEN_NTAIL)

static const char *gen_brands[GEN_NBRANDS];
static double gen_brand_cdf[GEN_NBRANDS];
static double gen_type_cdf[GEN_NTYPES];
static double gen_color_cdf[GEN_NCOLORS];
/* Days since 2023-01-01 (731 of them), weighted by weekday and growth. */
#define GEN_DAYS 731
#define GEN_DAY0 19358              /* 2023-01-01 in days since 1970 */
static double gen_day_cdf[GEN_DAYS];
static double gen_hour_cdf[24];
static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

/* Make a long-tail brand name from a fixed stream (the same every run). */
static char *
gen_brand_invent(struct gen_rng *r)
{
	static const char *const syl[] = {
		"ka", "lo", "mi", "ra", "ne", "to", "vi", "sa", "lu", "mar",
		"den", "ber", "ly", "no", "ta", "sel", "va", "ri", "co", "dra",
		"fa", "bo", "ju", "nor", "wen", "ha", "ke", "el", "an", "is",
	};
	static const char *const suffix[] = {
		" Studio", " & Co", " Denim", " Paris", " Milano", " London",
		" Basics", " Label", " Atelier", " Kids", " Sport", " Collective",
	};
	char name[64];
	size_t i, n;

	name[0] = '\0';
	switch (gen_rng_below(r, 5)) {
	case 0:         /* an acronym */
		n = 2 + gen_rng_below(r, 3);
		for (i = 0; i < n; i++)
			name[i] = (char)('A' + gen_rng_below(r, 26));
		name[n] = '\0';
		break;
	default:        /* two or three syllables, maybe a suffix */
		n = 2 + gen_rng_below(r, 2);
		for (i = 0; i < n; i++)
			strcat(name, syl[gen_rng_below(r, sizeof syl / sizeof syl[0])]);
		name[0] = (char)(name[0] - 'a' + 'A');
		if (gen_rng_below(r, 4) == 0)
			strcat(name, suffix[gen_rng_below(r,
			    sizeof suffix / sizeof suffix[0])]);
		break;
	}
	return xstrdup(name);
}

/* Turn weights into a cumulative distribution normalised to 1. */
static void
gen_cdf(double *cdf, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		cdf[i] += cdf[i - 1];
	for (i = 0; i < n; i++)
		cdf[i] /= cdf[n - 1];
}

/* Build the brand list and the distributions, once per process. */
static void
gen_init(void)
{
	static const double weekday[7] = {   /* Sunday first: 2023-01-01 */
		1.6, 1.0, 0.95, 0.95, 1.0, 0.9, 1.25,
	};
	static const double hour[24] = {
		0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0,
		1.1, 1.0, 0.95, 0.95, 1.0, 1.2, 1.5, 1.8, 2.0, 1.8, 1.2, 0.6,
	};
	struct gen_rng r;
	size_t i, j, n = 0;
	char *name;

	for (i = 0; i < GEN_NHEAD; i++)
		gen_brands[n++] = gen_brand_head[i];
	gen_rng_seed(&r, 0x6272616e64u, 0, 0);
	while (n < GEN_NBRANDS) {
		name = gen_brand_invent(&r);
		for (j = 0; j < n && strcmp(gen_brands[j], name) != 0; j++)
			;
		if (j < n) {
			free(name);
			continue;
		}
		gen_brands[n++] = name;   /* kept for the life of the process */
	}
	/* Zipf-like: a few brands are everywhere, most are rare. */
	for (i = 0; i < GEN_NBRANDS; i++)
		gen_brand_cdf[i] = 1.0 / pow((double)i + 2.0, 1.07);
	gen_cdf(gen_brand_cdf, GEN_NBRANDS);
	for (i = 0; i < GEN_NTYPES; i++)
		gen_type_cdf[i] = gen_types[i].weight;
	gen_cdf(gen_type_cdf, GEN_NTYPES);
	for (i = 0; i < GEN_NCOLORS; i++)
		gen_color_cdf[i] = gen_colors[i].weight;
	gen_cdf(gen_color_cdf, GEN_NCOLORS);
	/* The marketplace grows: +50% over the two years. */
	for (i = 0; i < GEN_DAYS; i++)
		gen_day_cdf[i] = weekday[i % 7] * (1.0 + 0.5 * (double)i / GEN_DAYS);
	gen_cdf(gen_day_cdf, GEN_DAYS);
	memcpy(gen_hour_cdf, hour, sizeof hour);
	gen_cdf(gen_hour_cdf, 24);
}

/* Draw an index from a cumulative distribution of n entries. */
static size_t
gen_pick(struct gen_rng *r, const double *cdf, size_t n)
{
	double u = gen_rng_unit(r);
	size_t lo = 0, hi = n - 1, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ASCII upper case, whatever the locale (the output must not depend on it). */
static char
gen_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* ------------------------------------------------------------------ */
/* Item fields                                                          */

/* "2024-03-27T13:41:53.182Z" for a time in the two years, weekly rhythm. */
static int64_t
gen_timestamp(struct gen_rng *r, char out[CALENDAR_ISO_SIZE])
{
	size_t day = gen_pick(r, gen_day_cdf, GEN_DAYS);
	size_t hour = gen_pick(r, gen_hour_cdf, 24);
	unsigned int min = gen_rng_below(r, 60), sec = gen_rng_below(r, 60);
	int64_t ms = gen_rng_below(r, 1000);

	/* Drawn in this order: the same seed gives the same items. */
	ms = ((GEN_DAY0 + (int64_t)day) * 86400 + (int64_t)hour * 3600 +
	    min * 60 + sec) * 1000 + ms;
	calendar_iso(ms, out);
	return ms;
}

/* Add name to a ranked list unless it is there already. */
static void
gen_list_add(const char **list, int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (list[i] == name || strcmp(list[i], name) == 0)
			return;
	list[(*n)++] = name;
}

/* How many predictions a ranked list has: 1-5. */
static int
gen_list_len(struct gen_rng *r)
{
	static const double cdf[5] = { 0.2, 0.4, 0.6, 0.85, 1.0 };

	return 1 + (int)gen_pick(r, cdf, 5);
}

/*
 * Where the truth goes in a ranked list: first with probability p_first,
 * else second most of the time, else not at all (the model missed it).
 */
static int
gen_truth_rank(struct gen_rng *r, double p_first)
{
	double u = gen_rng_unit(r);

	if (u < p_first)
		return 0;
	if (u < p_first + (1 - p_first) * 0.6)
		return 1;
	return -1;
}

/* Fill a ranked list with the truth at its rank and other picks around. */
static void
gen_ranked(struct gen_rng *r, const char **list, int *n, const char *truth,
    double p_first, const char *(*other)(struct gen_rng *, const char *))
{
	int want = gen_list_len(r), rank = gen_truth_rank(r, p_first), tries;

	*n = 0;
	if (rank == 1 && want < 2)
		want = 2;
	for (tries = 0; *n < want && tries < 40; tries++) {
		if (*n == rank)
			list[(*n)++] = truth;
		else {
			const char *o = other(r, truth);

			if (strcmp(o, truth) != 0)
				gen_list_add(list, n, o);
		}
	}
	if (*n == 0)
		list[(*n)++] = truth;
}

/* Another product type: often one of the same silhouette. */
static const char *
gen_other_type(struct gen_rng *r, const char *truth)
{
	size_t i, t = 0, start;

	for (i = 0; i < GEN_NTYPES; i++)
		if (strcmp(gen_types[i].def.name, truth) == 0)
			t = i;
	if (gen_rng_below(r, 10) < 7) {
		start = gen_rng_below(r, GEN_NTYPES);
		for (i = 0; i < GEN_NTYPES; i++) {
			size_t j = (start + i) % GEN_NTYPES;

			if (j != t && gen_types[j].def.shape == gen_types[t].def.shape)
				return gen_types[j].def.name;
		}
	}
	return gen_types[gen_pick(r, gen_type_cdf, GEN_NTYPES)].def.name;
}

/* Another colour, by frequency. */
static const char *
gen_other_color(struct gen_rng *r, const char *truth)
{
	return gen_colors[gen_pick(r, gen_color_cdf, GEN_NCOLORS)].def.name;
}

/* Another brand, by frequency. */
static const char *
gen_other_brand(struct gen_rng *r, const char *truth)
{
	return gen_brands[gen_pick(r, gen_brand_cdf, GEN_NBRANDS)];
}

/*
 * The size predictions and the size line printed on the tag, by the
 * notation the silhouette uses: W/L, letter, EU, shoe, kids, one size.
 */
static void
gen_sizes(struct gen_rng *r, struct gen_item *it, char *tagline, size_t size)
{
	static const char *const letters[] = {
		"XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL",
	};
	static const int kids_cm[] = {
		92, 98, 104, 110, 116, 122, 128, 134, 140, 146, 152, 158, 164,
	};
	enum gen_shape shape = it->type->shape;
	int n, i, v, w, l, alt = gen_rng_below(r, 10) < 3;
	double u = gen_rng_unit(r);
	bool kids = gen_rng_below(r, 100) < 6 && shape != GEN_SHAPE_BAG &&
	    shape != GEN_SHAPE_SHOE && shape != GEN_SHAPE_HAT &&
	    shape != GEN_SHAPE_SCARF;

	it->nsizes = 0;
	n = gen_list_len(r);
#define SIZE_ADD(...) do {						\
	if (it->nsizes < GEN_MAX_PRED)					\
		snprintf(it->sizes[it->nsizes++], sizeof it->sizes[0],	\
		    __VA_ARGS__);					\
} while (0)
	if (kids) {
		if (gen_rng_below(r, 2) == 0) {
			i = (int)gen_rng_below(r, 13);
			snprintf(tagline, size, "%d", kids_cm[i]);
			for (v = 0; v < n; v++)
				SIZE_ADD("%d", kids_cm[(i + v) % 13]);
		} else {
			i = 2 + (int)gen_rng_below(r, 13);
			snprintf(tagline, size, "%dY", i);
			for (v = 0; v < n; v++)
				SIZE_ADD("%dY", 2 + (i - 2 + v) % 13);
		}
	} else if (shape == GEN_SHAPE_SHOE) {
		v = 35 + (int)gen_rng_below(r, 12);
		if (u < 0.7) {
			bool half = gen_rng_below(r, 8) == 0;

			snprintf(tagline, size, half ? "EU %d.5" : "EU %d", v);
			for (i = 0; i < n; i++)
				SIZE_ADD(half ? "EU %d.5" : "EU %d", v + (i % 2 ? -(i + 1) / 2 : i / 2));
		} else {
			v -= 33;
			snprintf(tagline, size, "US %d", v);
			for (i = 0; i < n; i++)
				SIZE_ADD("US %d", v + (i % 2 ? -(i + 1) / 2 : i / 2));
		}
	} else if (shape == GEN_SHAPE_BAG || shape == GEN_SHAPE_SCARF ||
	    (shape == GEN_SHAPE_HAT && u < 0.6)) {
		snprintf(tagline, size, "ONE SIZE");
		SIZE_ADD("One size");
	} else if (shape == GEN_SHAPE_TROUSERS && u < 0.45) {
		w = 24 + (int)gen_rng_below(r, 17);
		l = 28 + 2 * (int)gen_rng_below(r, 5);
		snprintf(tagline, size, "W%d L%d", w, l);
		SIZE_ADD("W%d", w);
		SIZE_ADD("L%d", l);
		if (alt) {
			SIZE_ADD("W%d", w + 1);
			SIZE_ADD("L%d", l + 2);
		}
	} else if ((shape == GEN_SHAPE_SHORTS || shape == GEN_SHAPE_SKIRT) &&
	    u < 0.1) {
		w = 24 + (int)gen_rng_below(r, 15);
		snprintf(tagline, size, "W%d", w);
		for (i = 0; i < n; i++)
			SIZE_ADD("W%d", w + i);
	} else if (u < 0.75) {
		v = (int)gen_rng_below(r, 8);
		snprintf(tagline, size, gen_rng_below(r, 3) == 0 ? "SIZE %s" :
		    "%s", letters[v]);
		for (i = 0; i < n; i++)
			SIZE_ADD("%s", letters[(v + (i % 2 ? 7 - (i + 1) / 2 :
			    (i / 2))) % 8]);
	} else {
		v = 32 + 2 * (int)gen_rng_below(r, 11);
		snprintf(tagline, size, gen_rng_below(r, 2) ? "EU %d" : "%d", v);
		for (i = 0; i < n; i++)
			SIZE_ADD("%d", v + 2 * (i % 2 ? -(i + 1) / 2 : i / 2));
	}
#undef SIZE_ADD
	/* The truth is not always the first guess: swap the first two. */
	if (it->nsizes >= 2 && gen_rng_below(r, 100) < 12 &&
	    it->sizes[0][0] != 'W') {
		char tmp[sizeof it->sizes[0]];

		memcpy(tmp, it->sizes[0], sizeof tmp);
		memcpy(it->sizes[0], it->sizes[1], sizeof tmp);
		memcpy(it->sizes[1], tmp, sizeof tmp);
	}
	/* Neighbouring guesses may repeat at the ends of the ranges. */
	for (i = 1; i < it->nsizes; i++) {
		for (v = 0; v < i; v++) {
			if (strcmp(it->sizes[i], it->sizes[v]) == 0) {
				memmove(it->sizes[i], it->sizes[i + 1],
				    (size_t)(it->nsizes - i - 1) *
				    sizeof it->sizes[0]);
				it->nsizes--;
				i--;
				break;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Photos                                                               */

/* A confidence in [lo, hi] (percent) with 2 to 4 decimals, 1e-4 units. */
static int32_t
gen_confidence(struct gen_rng *r, double lo, double hi)
{
	int32_t v = (int32_t)lround(gen_rng_range(r, lo, hi) * GEN_UNIT);
	uint32_t d = gen_rng_below(r, 10);
	int32_t step = d < 6 ? 100 : d < 8 ? 10 : 1;

	v = (v + step / 2) / step * step;
	if (v > 100 * GEN_UNIT)
		v = 100 * GEN_UNIT;
	if (v < GEN_UNIT)
		v = GEN_UNIT;
	return v;
}

/* A box from pixel coordinates of the nominal photo, clamped to [0.001, 1]. */
static struct gen_box
gen_box_px(const struct gen_photo *ph, double x, double y, double w, double h)
{
	struct gen_box b;

	b.left = (int32_t)lround(x * GEN_UNIT / ph->nominal_w);
	b.top = (int32_t)lround(y * GEN_UNIT / ph->nominal_h);
	b.width = (int32_t)lround(w * GEN_UNIT / ph->nominal_w);
	b.height = (int32_t)lround(h * GEN_UNIT / ph->nominal_h);
	if (b.left < 10)
		b.left = 10;
	if (b.top < 10)
		b.top = 10;
	if (b.width < 10)
		b.width = 10;
	if (b.height < 10)
		b.height = 10;
	if (b.left + b.width > GEN_UNIT)
		b.width = GEN_UNIT - b.left;
	if (b.top + b.height > GEN_UNIT)
		b.height = GEN_UNIT - b.top;
	return b;
}

/* The smallest box holding a and b. */
static struct gen_box
gen_box_union(struct gen_box a, struct gen_box b)
{
	struct gen_box u;
	int32_t r = a.left + a.width > b.left + b.width ? a.left + a.width :
	    b.left + b.width;
	int32_t bot = a.top + a.height > b.top + b.height ? a.top + a.height :
	    b.top + b.height;

	u.left = a.left < b.left ? a.left : b.left;
	u.top = a.top < b.top ? a.top : b.top;
	u.width = r - u.left;
	u.height = bot - u.top;
	return u;
}

/* The width/height of each silhouette (of one shoe for a pair). */
static const double gen_aspect[GEN_SHAPE_COUNT] = {
	[GEN_SHAPE_TROUSERS] = 0.62, [GEN_SHAPE_SHORTS] = 1.0,
	[GEN_SHAPE_TOP] = 1.05, [GEN_SHAPE_COAT] = 0.9,
	[GEN_SHAPE_DRESS] = 0.7, [GEN_SHAPE_SKIRT] = 0.95,
	[GEN_SHAPE_SHOE] = 2.3, [GEN_SHAPE_BAG] = 1.1,
	[GEN_SHAPE_HAT] = 1.5, [GEN_SHAPE_SCARF] = 0.35,
	[GEN_SHAPE_SWIM] = 0.8,
};

/* Phone photo sizes (portrait) and how often they occur. */
static const struct {
	int w, h;
	double cdf;
} gen_sizes_px[] = {
	{ 1200, 1600, 0.30 }, { 1080, 1440, 0.40 }, { 1536, 2048, 0.58 },
	{ 1800, 2400, 0.68 }, { 2268, 3024, 0.80 }, { 3024, 4032, 1.0 },
};

/* Choose the photo's size, quality and noise; apply --max-side. */
static void
gen_photo_size(struct gen_rng *r, struct gen_photo *ph, int max_side)
{
	double u = gen_rng_unit(r), f;
	size_t i;
	int t;

	for (i = 0; u > gen_sizes_px[i].cdf; i++)
		;
	ph->nominal_w = gen_sizes_px[i].w;
	ph->nominal_h = gen_sizes_px[i].h;
	ph->quality = 78 + (int)gen_rng_below(r, 14);
	ph->noise = 6 + (int)gen_rng_below(r, 10);
	/* A few big ones: full-size, fine grain, high quality (~5-8 MB). */
	if (gen_rng_below(r, 100) < 3) {
		ph->nominal_w = 3024;
		ph->nominal_h = 4032;
		ph->quality = 96;
		ph->noise = 40;
	}
	if (gen_rng_below(r, 100) < 15) {
		t = ph->nominal_w;
		ph->nominal_w = ph->nominal_h;
		ph->nominal_h = t;
	}
	ph->width = ph->nominal_w;
	ph->height = ph->nominal_h;
	if (max_side > 0 && (ph->width > max_side || ph->height > max_side)) {
		f = (double)max_side / (ph->width > ph->height ? ph->width :
		    ph->height);
		ph->width = (int)lround(ph->width * f);
		ph->height = (int)lround(ph->height * f);
		if (ph->width < 1)
			ph->width = 1;
		if (ph->height < 1)
			ph->height = 1;
	}
}

/* Place the silhouette (two for shoes) in nominal pixels. */
static void
gen_photo_garment(struct gen_rng *r, struct gen_photo *ph, enum gen_shape s)
{
	double W = ph->nominal_w, H = ph->nominal_h, a = gen_aspect[s];
	double gh = H * gen_rng_range(r, 0.5, 0.82), gw = gh * a, x, y, top;

	if (s == GEN_SHAPE_SHOE) {
		/* Two shoes, one above the other, slightly staggered. */
		gw = W * gen_rng_range(r, 0.38, 0.45);
		gh = gw / a;
		top = H * 0.5 - gh - H * 0.02;
		x = W * gen_rng_range(r, 0.08, 0.14);
		ph->garments[0] = gen_box_px(ph, x, top, gw, gh);
		x = W - gw - W * gen_rng_range(r, 0.08, 0.14);
		ph->garments[1] = gen_box_px(ph, x, H * 0.52, gw, gh);
		ph->ngarments = 2;
		ph->garment = gen_box_union(ph->garments[0], ph->garments[1]);
		return;
	}
	if (gw > W * 0.86) {
		gw = W * 0.86;
		gh = gw / a;
	}
	x = (W - gw) * gen_rng_range(r, 0.35, 0.65);
	/* On a wall the garment hangs: room for the hanger above it. */
	top = ph->backdrop == GEN_WALL ? 0.1 * H : 0.03 * H;
	if (top + gh > 0.97 * H)
		gh = 0.97 * H - top, gw = gh * a;
	y = top + (0.97 * H - top - gh) * gen_rng_range(r, 0.2, 0.8);
	ph->garments[0] = gen_box_px(ph, x, y, gw, gh);
	ph->garment = ph->garments[0];
	ph->ngarments = 1;
}

/* Lines printed on care labels. */
static const char *const gen_tag_noise[] = {
	"MADE IN ITALY", "MADE IN CHINA", "MADE IN BANGLADESH", "100% COTTON",
	"80% WOOL 20% POLYAMIDE", "DRY CLEAN ONLY", "DO NOT BLEACH", "RN 54867",
	"CA 12345", "95% VISCOSE", "MADE IN PORTUGAL", "30°C", "ÉTÉ 2023",
};

/*
 * Split line into words and add them to the photo as one OCR line; the
 * line, or NULL when the photo has no room left.
 */
static struct gen_line *
gen_add_line(struct gen_photo *ph, const char *line, bool drawn,
    struct gen_rng *r, double lo, double hi)
{
	char buf[128], *word, *save = NULL;
	struct gen_line *ln;

	if (ph->nlines == GEN_MAX_LINES)
		return NULL;
	ln = &ph->lines[ph->nlines];
	ln->first = ph->nwords;
	ln->count = 0;
	snprintf(buf, sizeof buf, "%s", line);
	for (word = strtok_r(buf, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		struct gen_word *w;

		if (ph->nwords == GEN_MAX_WORDS)
			break;
		w = &ph->words[ph->nwords++];
		snprintf(w->text, sizeof w->text, "%s", word);
		w->confidence = gen_confidence(r, lo, hi);
		w->line = ph->nlines;
		w->drawn = drawn;
		ln->count++;
	}
	if (ln->count == 0)
		return NULL;
	ph->nlines++;
	return ln;
}

/*
 * The tag: the brand, maybe the size and a care line, dark on a light
 * rectangle on the garment. Lays out each word box in nominal pixels:
 * a word of n cells is n * 8/14 of the line height wide, as font.c draws.
 */
static void
gen_photo_tag(struct gen_rng *r, struct gen_photo *ph, const char *brand,
    const char *sizeline)
{
	double W = ph->nominal_w, H = ph->nominal_h, lh, cw, pad, lead, maxw;
	double tw, th, tx, ty, x, gx, gy, gw, gh;
	int i, j, cells[GEN_MAX_LINES], maxcells = 0, first_drawn;
	char upper[GEN_WORD_BYTES * 2];

	/* ASCII brands are often printed in capitals. */
	snprintf(upper, sizeof upper, "%s", brand);
	if (gen_rng_below(r, 10) < 3)
		for (i = 0; upper[i] != '\0'; i++)
			upper[i] = gen_upper(upper[i]);
	first_drawn = ph->nlines;
	gen_add_line(ph, upper, true, r, 92, 100);
	if (sizeline[0] != '\0' && gen_rng_below(r, 4) != 0)
		gen_add_line(ph, sizeline, true, r, 88, 100);
	if (gen_rng_below(r, 3) == 0)
		gen_add_line(ph, gen_tag_noise[gen_rng_below(r,
		    sizeof gen_tag_noise / sizeof gen_tag_noise[0])], true, r, 80,
		    99.5);

	for (i = first_drawn; i < ph->nlines; i++) {
		cells[i] = 0;
		for (j = 0; j < ph->lines[i].count; j++)
			cells[i] += font_cells(ph->words[ph->lines[i].first + j].text) +
			    (j > 0);
		if (cells[i] > maxcells)
			maxcells = cells[i];
	}
	lh = H * gen_rng_range(r, 0.024, 0.05);
	cw = lh * 8.0 / 14.0;
	maxw = W * 0.8;
	if (maxcells * cw > maxw) {
		cw = maxw / maxcells;
		lh = cw * 14.0 / 8.0;
	}
	pad = lh * 0.6;
	lead = lh * 0.35;
	tw = maxcells * cw + 2 * pad;
	th = (ph->nlines - first_drawn) * (lh + lead) - lead + 2 * pad;
	/* Near the top of the garment (waistband, neck), inside the photo. */
	gx = ph->garment.left * W / GEN_UNIT;
	gy = ph->garment.top * H / GEN_UNIT;
	gw = ph->garment.width * W / GEN_UNIT;
	gh = ph->garment.height * H / GEN_UNIT;
	tx = gx + (gw - tw) * gen_rng_range(r, 0.2, 0.8);
	ty = gy + gh * gen_rng_range(r, 0.05, 0.35);
	if (tx < W * 0.01)
		tx = W * 0.01;
	if (tx + tw > W * 0.99)
		tx = W * 0.99 - tw;
	if (ty + th > H * 0.99)
		ty = H * 0.99 - th;
	if (ty < H * 0.01)
		ty = H * 0.01;
	ph->tag = gen_box_px(ph, tx, ty, tw, th);
	ph->has_tag = true;

	for (i = first_drawn; i < ph->nlines; i++) {
		struct gen_line *ln = &ph->lines[i];

		x = tx + pad;
		for (j = 0; j < ln->count; j++) {
			struct gen_word *w = &ph->words[ln->first + j];
			double ww = font_cells(w->text) * cw;

			w->box = gen_box_px(ph, x, ty + pad + (i - first_drawn) *
			    (lh + lead), ww, lh);
			x += ww + cw;
			ln->box = j == 0 ? w->box : gen_box_union(ln->box, w->box);
		}
	}
}

/* OCR noise: short garbled tokens read off textures, not drawn. */
static void
gen_photo_garbled(struct gen_rng *r, struct gen_photo *ph, const char *brand)
{
	char tok[4];
	size_t n = 2 + gen_rng_below(r, 2), i, blen = strlen(brand), at;
	struct gen_line *ln;
	struct gen_word *w;

	for (i = 0; i < n; i++)
		tok[i] = (char)('A' + gen_rng_below(r, 26));
	tok[n] = '\0';
	/* Often a misread piece of the brand: "AY" from "Maya". */
	if (blen > n && gen_rng_below(r, 2) == 0) {
		at = gen_rng_below(r, (uint32_t)(blen - n + 1));
		for (i = 0; i < n; i++)
			if (gen_upper(brand[at + i]) >= 'A' &&
			    gen_upper(brand[at + i]) <= 'Z')
				tok[i] = gen_upper(brand[at + i]);
	}
	if ((ln = gen_add_line(ph, tok, false, r, 15, 65)) == NULL)
		return;
	w = &ph->words[ln->first];
	w->box = gen_box_px(ph, ph->nominal_w * gen_rng_range(r, 0.02, 0.9),
	    ph->nominal_h * gen_rng_range(r, 0.02, 0.95),
	    ph->nominal_w * gen_rng_range(r, 0.02, 0.08),
	    ph->nominal_h * gen_rng_range(r, 0.01, 0.03));
	ln->box = w->box;
}

/* Add a label unless present; returns it (or the existing one). */
static struct gen_label *
gen_label_add(struct gen_photo *ph, const struct gen_labeldef *def,
    int32_t conf)
{
	struct gen_label *l;
	int i;

	for (i = 0; i < ph->nlabels; i++)
		if (ph->labels[i].def == def)
			return &ph->labels[i];
	if (ph->nlabels == GEN_MAX_LABELS)
		return NULL;
	l = &ph->labels[ph->nlabels++];
	l->def = def;
	l->confidence = conf;
	l->nboxes = 0;
	return l;
}

/* Add a label and, as Rekognition does, its parents at the same confidence. */
static struct gen_label *
gen_label_tree(struct gen_photo *ph, const struct gen_labeldef *def,
    int32_t conf)
{
	struct gen_label *l = gen_label_add(ph, def, conf);
	int i;

	for (i = 0; i < 3 && def->parents[i] != NULL; i++)
		gen_label_add(ph, def->parents[i], conf);
	return l;
}

/* Give label l a box with an instance confidence a little below its own. */
static void
gen_label_box(struct gen_rng *r, struct gen_label *l, struct gen_box b)
{
	int32_t c;

	if (l == NULL || l->nboxes == GEN_MAX_BOXES)
		return;
	c = l->confidence - (int32_t)gen_rng_below(r, 3 * GEN_UNIT);
	l->boxes[l->nboxes] = b;
	l->box_confidence[l->nboxes++] = c < GEN_UNIT ? GEN_UNIT : c;
}

/* The labels of a photo: garment, its details, backdrop, tag, guesses. */
static void
gen_photo_labels(struct gen_rng *r, struct gen_photo *ph,
    const struct gen_typedef *type)
{
	int want = 5 + (int)gen_rng_below(r, 21), i, j;
	bool acc = type->shape == GEN_SHAPE_BAG;
	struct gen_label *l, tmp;
	struct gen_box hanger;
	const struct gen_labeldef *d;

	l = gen_label_add(ph, acc ? &L_ACCESSORIES : &L_CLOTHING,
	    gen_confidence(r, 96, 100.2));
	if (!acc && gen_rng_below(r, 10) < 7)
		gen_label_add(ph, &L_APPAREL, l->confidence);
	l = gen_label_tree(ph, type->label, gen_rng_below(r, 10) < 9 ?
	    gen_confidence(r, 94, 100) : gen_confidence(r, 70, 94));
	for (i = 0; i < ph->ngarments; i++)
		gen_label_box(r, l, ph->garments[i]);
	/* A pair of shoes: each shoe is an instance of Shoe too. */
	if (type->shape == GEN_SHAPE_SHOE && type->label != &L_SHOE) {
		struct gen_label *shoe = gen_label_add(ph, &L_SHOE, l->confidence);

		if (shoe != NULL && shoe->nboxes == 0)
			for (i = 0; i < ph->ngarments; i++)
				gen_label_box(r, shoe, ph->garments[i]);
	}
	for (i = 0; i < 4 && (d = gen_details[type->shape][i]) != NULL; i++)
		if (gen_rng_below(r, 2) == 0)
			gen_label_tree(ph, d, gen_confidence(r, 55, 96));
	if (strstr(type->name, "Jeans") != NULL ||
	    strstr(type->name, "Denim") != NULL)
		gen_label_add(ph, &L_DENIM, gen_confidence(r, 85, 99.9));

	switch (ph->backdrop) {
	case GEN_FLOOR:
		gen_label_tree(ph, &L_FLOORING, gen_confidence(r, 70, 99));
		if (gen_rng_below(r, 2) == 0)
			gen_label_tree(ph, &L_HARDWOOD, gen_confidence(r, 50, 92));
		break;
	case GEN_BED:
		gen_label_tree(ph, &L_LINEN, gen_confidence(r, 55, 90));
		if (gen_rng_below(r, 2) == 0)
			gen_label_tree(ph, &L_BED, gen_confidence(r, 50, 85));
		break;
	default:
		gen_label_tree(ph, &L_WALL, gen_confidence(r, 60, 92));
		gen_label_add(ph, &L_INDOORS, gen_confidence(r, 55, 90));
		hanger = ph->garment;
		hanger.left += hanger.width * 3 / 8;
		hanger.width /= 4;
		hanger.top -= 700;
		hanger.height = 700;
		gen_label_box(r, gen_label_add(ph, &L_HANGER,
		    gen_confidence(r, 75, 99)), hanger);
		break;
	}
	if (ph->has_tag) {
		gen_label_box(r, gen_label_add(ph, &L_TEXT,
		    gen_confidence(r, 70, 99.9)), ph->tag);
		if (gen_rng_below(r, 10) < 8)
			gen_label_box(r, gen_label_tree(ph, &L_LABEL,
			    gen_confidence(r, 60, 96)), ph->tag);
		if (gen_rng_below(r, 10) < 3)
			gen_label_add(ph, &L_LOGO, gen_confidence(r, 50, 85));
		if (ph->nlines > 1 && gen_rng_below(r, 2) == 0)
			gen_label_tree(ph, &L_NUMBER, gen_confidence(r, 50, 80));
	}
	for (i = 0; ph->nlabels < want && i < 40; i++)
		gen_label_add(ph, gen_fillers[gen_rng_below(r,
		    sizeof gen_fillers / sizeof gen_fillers[0])],
		    gen_confidence(r, 1, 62));

	/* Rekognition lists labels by decreasing confidence (stable). */
	for (i = 1; i < ph->nlabels; i++) {
		tmp = ph->labels[i];
		for (j = i; j > 0 && ph->labels[j - 1].confidence <
		    tmp.confidence; j--)
			ph->labels[j] = ph->labels[j - 1];
		ph->labels[j] = tmp;
	}
}

/* Would item index be a relisting, leaving aside its source's own? */
static enum gen_relist
gen_relist_draw(uint64_t seed, uint64_t index, uint64_t *source)
{
	struct gen_rng r;
	uint64_t back;

	if (index == 0)
		return GEN_RELIST_NONE;
	gen_rng_seed(&r, seed, index, 0x726c7374u);   /* "rlst" */
	if (gen_rng_below(&r, 1000) >= GEN_RELIST_PER_MILLE)
		return GEN_RELIST_NONE;
	back = index < 1000 ? index : 1000;
	*source = index - 1 - gen_rng_below(&r, (uint32_t)back);
	return (enum gen_relist)(GEN_RELIST_REENCODED + gen_rng_below(&r, 3));
}

enum gen_relist
gen_item_relist(uint64_t seed, uint64_t index, uint64_t *source)
{
	uint64_t s, ignored;
	enum gen_relist how = gen_relist_draw(seed, index, &s);

	if (how == GEN_RELIST_NONE || gen_relist_draw(seed, s, &ignored) !=
	    GEN_RELIST_NONE)
		return GEN_RELIST_NONE;
	*source = s;
	return how;
}

void
gen_item_make(uint64_t seed, uint64_t index, int max_side,
    struct gen_item *it)
{
	struct gen_rng r;
	char sizeline[32];
	int k, i;
	static const double photos_cdf[5] = { 0.15, 0.40, 0.70, 0.88, 1.0 };
	struct gen_photo *ph;
	uint64_t source;
	enum gen_relist how;

	pthread_once(&gen_once, gen_init);
	gen_rng_seed(&r, seed, index, 0x6974656du);
	if ((how = gen_item_relist(seed, index, &source)) != GEN_RELIST_NONE) {
		/*
		 * The source item again, under this item's own uuid, listed
		 * between an hour and 60 days later (within the two years):
		 * the same predictions and photos (it->index stays the
		 * source's, which seeds the painting).
		 */
		const int64_t end = (GEN_DAY0 + GEN_DAYS) * INT64_C(86400000) - 1;
		int64_t ts;

		gen_item_make(seed, source, max_side, it);
		memcpy(it->source_uuid, it->uuid, sizeof it->uuid);
		snprintf(it->uuid, sizeof it->uuid, "%016llx",
		    (unsigned long long)gen_rng_next(&r));
		ts = it->ts_ms + 3600000 + (int64_t)(gen_rng_next(&r) %
		    (UINT64_C(60) * 86400000));
		it->ts_ms = ts < end ? ts : end;
		calendar_iso(it->ts_ms, it->timestamp);
		it->relist = how;
		return;
	}
	memset(it, 0, sizeof *it);
	it->index = index;
	snprintf(it->uuid, sizeof it->uuid, "%016llx",
	    (unsigned long long)gen_rng_next(&r));
	it->ts_ms = gen_timestamp(&r, it->timestamp);
	it->type = &gen_types[gen_pick(&r, gen_type_cdf, GEN_NTYPES)].def;
	/* Jeans are mostly blue. */
	if (it->type->label == &L_JEANS && gen_rng_below(&r, 10) < 6)
		it->color = &gen_colors[2].def;
	else
		it->color = &gen_colors[gen_pick(&r, gen_color_cdf,
		    GEN_NCOLORS)].def;
	it->brand = gen_brands[gen_pick(&r, gen_brand_cdf, GEN_NBRANDS)];

	gen_ranked(&r, it->types, &it->ntypes, it->type->name, 0.88,
	    gen_other_type);
	gen_ranked(&r, it->colors, &it->ncolors, it->color->name, 0.85,
	    gen_other_color);
	gen_ranked(&r, it->brands, &it->nbrands, it->brand, 0.8,
	    gen_other_brand);
	gen_sizes(&r, it, sizeline, sizeof sizeline);

	it->nphotos = 1 + (int)gen_pick(&r, photos_cdf, 5);
	for (k = 0; k < it->nphotos; k++) {
		ph = &it->photos[k];
		gen_photo_size(&r, ph, max_side);
		ph->backdrop = (enum gen_backdrop)gen_rng_below(&r,
		    GEN_BACKDROP_COUNT);
		ph->draw_seed = gen_rng_next(&r);
		gen_photo_garment(&r, ph, it->type->shape);
		if (gen_rng_below(&r, 10) < (k == 0 ? 5 : 7))
			gen_photo_tag(&r, ph, it->brand, sizeline);
		for (i = (int)gen_rng_below(&r, 4); i > 1; i--)
			gen_photo_garbled(&r, ph, it->brand);
		gen_photo_labels(&r, ph, it->type);
	}
}
