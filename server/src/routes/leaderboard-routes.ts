import { LeaderboardJoinRequest, LeaderboardSettings } from '@voxel-academy/protocol';
import { jsonBody } from '../http/bodies.js';
import type { RouteHandlers } from '../http/route-table.js';
import { actorOf, param, validate } from '../http/validate.js';
import type { IServiceContext } from '../services/context.js';
import { getLeaderboard, joinLeaderboard, setLeaderboardEnabled } from '../services/leaderboard.js';

/** A course's opt-in leaderboard: read it, join or leave it, and the instructors' switch. */
export function leaderboardRoutes(ctx: IServiceContext): Pick<RouteHandlers, 'leaderboard' | 'leaderboardEntry' | 'leaderboardSettings'> {
  return {
    leaderboard: async (req, res) => {
      res.json(await getLeaderboard(ctx, actorOf(res.locals), param(req.params, 'course')));
    },

    leaderboardEntry: [
      ...jsonBody('4kb'),
      async (req, res) => {
        const { pseudonym } = validate(LeaderboardJoinRequest, req.body);
        res.json(await joinLeaderboard(ctx, actorOf(res.locals), param(req.params, 'course'), pseudonym));
      }
    ],

    leaderboardSettings: [
      ...jsonBody('4kb'),
      async (req, res) => {
        const { enabled } = validate(LeaderboardSettings, req.body);
        res.json(await setLeaderboardEnabled(ctx, actorOf(res.locals), param(req.params, 'course'), enabled));
      }
    ]
  };
}
