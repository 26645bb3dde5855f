import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../contracts/index.ts';
import { AllowedHosts } from '../security/allowed-hosts.ts';

/**
 * Refuses requests whose Host header is not one this controller is reachable as, before
 * anything else reads them. The agent link is exempt: agents dial by whatever address the
 * admin gave them (a NAT'd or DNS name the controller cannot know), a browser page cannot
 * present a node token, and the link authenticates by that token before the upgrade.
 */
export const hostCheckPlugin = fp(
  async (app: FastifyInstance, options: { bindHost: string; allowedHosts: string[] }) => {
    const allowed = new AllowedHosts(options.bindHost, options.allowedHosts);
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.url === '/api/v1/agent') return;
      // request.host is X-Forwarded-Host behind a trusted proxy, else the Host header.
      if (allowed.allows(request.host)) return;
      throw new AppError('HOST_NOT_ALLOWED', 'This StellarStack does not answer to that host name; an admin can add it with --allowed-host');
    });
  },
  { name: 'host-check' },
);
