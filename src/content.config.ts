/**
 * Course pages live in the top-level `content/` folder (not src/content/docs), loaded into
 * Starlight's `docs` collection with Astro's glob loader.
 */

import { defineCollection } from 'astro:content';
import { docsSchema } from '@astrojs/starlight/schema';
import { glob } from 'astro/loaders';

export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/*.{md,mdx}' }),
    schema: docsSchema(),
  }),
};
