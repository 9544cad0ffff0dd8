import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npm run migration:run`); needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to run TypeORM commands (the API migrates its embedded database by itself).');

export default new DataSource(buildDataSourceOptions(url));
