import type { FastifyInstance } from 'fastify';
import { isAssetName, webAsset } from './web-assets.ts';

export function registerAssetRoutes(scope: FastifyInstance): void {
  scope.get<{ Params: { name: string }; Querystring: { v?: string } }>(
    '/assets/:name',
    { schema: { hide: true } },
    async (request, reply) => {
      const { name } = request.params;
      if (!isAssetName(name)) return reply.code(404).type('text/plain').send('not found');
      const asset = webAsset(name);
      // Versioned URLs never change content: cache for a year. Unversioned ones: revalidate.
      const versioned = request.query.v === asset.version;
      return reply
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('etag', `"${asset.version}"`)
        .type(asset.contentType)
        .send(asset.body);
    },
  );
}
