import type { Blueprint } from '../../../contracts/index.ts';
import { counterStrike2 } from './counter-strike-2.ts';
import { factorio } from './factorio.ts';
import { minecraftBedrock } from './minecraft-bedrock.ts';
import { minecraftJava } from './minecraft-java.ts';
import { openttd } from './openttd.ts';
import { rust } from './rust.ts';
import { terraria } from './terraria.ts';
import { valheim } from './valheim.ts';

/** The blueprints every StellarStack ships with; admins can replace any of them (see BlueprintsRepository). */
export const BUILTIN_BLUEPRINTS: readonly Blueprint[] = Object.freeze([
  minecraftJava,
  minecraftBedrock,
  valheim,
  terraria,
  factorio,
  rust,
  counterStrike2,
  openttd,
]);
