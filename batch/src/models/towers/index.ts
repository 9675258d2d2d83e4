export type { Block, PositiveRows, TowerData } from './batches.ts';
export { itemTowerData } from './batches.ts';
export type { TowerVocabulary } from './inputs.ts';
export { denseRows, towerVocabulary } from './inputs.ts';
export type { Tower } from './tower.ts';
export { createTower, disposeTower, embedRows } from './tower.ts';
export type { TowerEpoch, TowerOptions, TowerResult } from './train.ts';
export { TOWER_DEFAULTS, trainTower } from './train.ts';
