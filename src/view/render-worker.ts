/**
 * Worker thread of the page renderer (render-pool.ts): renders the pages it is sent with
 * {@link renderPageImages} and posts the results back.
 */
import { parentPort } from 'node:worker_threads';
import { loadCanvas, renderPageImages } from './page-images.js';
import type { RenderRequest, RenderResponse } from './render-pool.js';

parentPort?.on('message', async (request: RenderRequest) => {
  let response: RenderResponse;
  try {
    const canvas = loadCanvas();
    const pages = await renderPageImages(request.data, request.pages, request.dir, {
      ...(request.width ? { width: request.width } : {}),
      ...(request.quality ? { quality: request.quality } : {}),
      canvas: canvas.ok ? canvas.canvas : null,
    });
    response = { id: request.id, pages };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
parentPort?.postMessage({ ready: true });
