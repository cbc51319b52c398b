// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';

/**
 * Cross-origin isolation: SharedArrayBuffer (the engine's shared WebAssembly.Memory) is only
 * available on isolated pages. Every response of `astro dev` and `astro preview` carries these
 * headers; deploys get them from public/_headers (see README, "Deploying").
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Course order: chapter ids of ../shared/COURSE.md, each a page in content/. */
export const chapters = [
  'welcome',
  'races',
  'atomics',
  'spin-locks',
  'per-cpu',
  'copy-update',
  'map-in-map',
  'capstone',
];

export default defineConfig({
  site: 'https://lockstep.example',
  server: { headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
    worker: { format: 'es' }, // engine workers use top-level await and code splitting
  },
  integrations: [
    (await import('./src/integrations/runner-tarball.ts')).default(),
    starlight({
      title: 'Lockstep',
      description: 'Concurrency in eBPF, run in your browser and on a real kernel.',
      sidebar: [{ label: 'Course', items: chapters.map((id) => ({ slug: id })) }],
      lastUpdated: false,
      components: { Sidebar: './src/components/Sidebar.astro' },
    }),
  ],
});
