/**
 * The application (app-spec.ts) as a Rack app, served by WEBrick, with Debian's ruby, ruby-rack (2.2),
 * ruby-rack-cors and ruby-webrick; and the small stand-in for Rails' middleware configuration that
 * lets the rails snippet (config/initializers/cors.rb) run verbatim, without Rails.
 *
 * Why the stand-in is faithful: `Rails.application.config.middleware` is a proxy that records
 * `insert_before`, `use`... and replays them onto the application's middleware stack
 * (ActionDispatch::MiddlewareStack) at boot. There `insert_before(0, klass, *args, &block)` inserts
 * at index 0 (an Integer is an index; a class means "before that class"), and `use` appends. The
 * stack is then built outermost first, like Rack::Builder's `use` lines in order. So the stand-in
 * starts from a stack holding the app's authentication (as Devise puts Warden::Manager in a Rails
 * stack), applies the snippet's calls the way MiddlewareStack does, and hands the result to
 * Rack::Builder: `insert_before 0` makes Rack::Cors the outermost middleware, ahead of
 * authentication, exactly as in Rails; `use` would put it after.
 */
import { execFileSync } from 'node:child_process';
import { rubyString } from '../../../src/shared/fixes/quote-go-ruby-php';
import { answer, SESSION, TOKEN } from './app-spec';
import { requireCommand } from './processes';

export const RUBY = '/usr/bin/ruby';

/** Fails with the install hint when ruby, rack, rack-cors or webrick is missing (asks ruby itself: gems live in versioned paths). */
export function requireRuby(): void {
  requireCommand(RUBY, 'ruby');
  for (const [lib, pkg] of [['rack/cors', 'ruby-rack-cors'], ['rack/handler/webrick', 'ruby-rack'], ['webrick', 'ruby-webrick']] as const) {
    try {
      execFileSync(RUBY, ['-e', `require ${rubyString(lib)}`], { stdio: 'pipe' });
    } catch {
      throw new Error(`ruby cannot load ${lib}: run \`node scripts/setup.mjs\` (installs ${pkg} from apt)`);
    }
  }
}

/** The stand-in for `Rails.application.config.middleware` (see the file comment). */
export const RAILS_STUB = `
# A stand-in for Rails.application.config.middleware: the calls a cors.rb initializer makes, with
# ActionDispatch::MiddlewareStack's semantics (an Integer is an index, a class means "before it").
class CorsightMiddlewareStack
  attr_reader :entries

  def initialize(entries)
    @entries = entries
  end

  def insert_before(where, klass, *args, &block)
    index = where.is_a?(Integer) ? where : @entries.index { |e| e[0] == where }
    raise ArgumentError, "No such middleware to insert before: #{where.inspect}" if index.nil? || index > @entries.size
    @entries.insert(index, [klass, args, block])
  end
  alias insert insert_before

  def use(klass, *args, &block)
    @entries.push([klass, args, block])
  end

  def build(app)
    stack = @entries
    Rack::Builder.new do
      stack.each { |klass, args, block| use(klass, *args, &block) }
      run app
    end.to_app
  end
end

module Rails
  Configuration = Struct.new(:middleware)
  Application = Struct.new(:config)

  class << self
    attr_accessor :application
  end
end
`;

/** One Rack answer for this request, from app-spec. */
function reply(method: string, path: string, headers: { cookie?: string; authorization?: string } = {}): string {
  const a = answer(method, path, headers);
  return `reply(${a.status}, ${rubyString(a.body)})`;
}

/** The app's authentication and routes, as Rack middleware and a Rack app. */
const APP = `
SESSION = ${rubyString(SESSION)}
TOKEN = ${rubyString(TOKEN)}

def reply(status, body)
  [status, { 'Content-Type' => 'application/json' }, [body]]
end

# The application's authentication: in front of the routes, for every method (OPTIONS included).
class Auth
  def initialize(app)
    @app = app
  end

  def call(env)
    case env['PATH_INFO']
    when '/api/me'
      return ${reply('GET', '/api/me')} unless (env['HTTP_COOKIE'] || '').split(/;\\s*/).include?("sid=#{SESSION}")
    when '/api/items/1'
      return ${reply('PUT', '/api/items/1')} unless env['HTTP_AUTHORIZATION'] == "Bearer #{TOKEN}"
    end
    @app.call(env)
  end
end

ROUTES = lambda do |env|
  path = env['PATH_INFO']
  method = env['REQUEST_METHOD']
  if path == '/api/public' && method == 'GET'
    ${reply('GET', '/api/public')}
  elsif path == '/api/me'
    method == 'GET' ? ${reply('GET', '/api/me', { cookie: `sid=${SESSION}` })} : ${reply('POST', '/api/me', { cookie: `sid=${SESSION}` })}
  elsif path == '/api/items/1'
    %w[PUT DELETE].include?(method) ? ${reply('PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` })} : ${reply('POST', '/api/items/1', { authorization: `Bearer ${TOKEN}` })}
  else
    ${reply('GET', '/nowhere')}
  end
end
`;

/**
 * app.rb: the app with no CORS (snippet null), or with the rails snippet, verbatim, where
 * config/initializers/cors.rb would run. Listens on 127.0.0.1:ARGV[0].
 */
export function rubyAppSource(snippetCode: string | null): string {
  return `require 'rack'
require 'rack/cors'
require 'rack/handler/webrick'
require 'webrick'
${RAILS_STUB}${APP}
# The middleware stack as a Rails app with Devise has it: authentication (Warden) in it already.
Rails.application = Rails::Application.new(Rails::Configuration.new(CorsightMiddlewareStack.new([[Auth, [], nil]])))

# ---- config/initializers/cors.rb ----
${snippetCode ?? '# (none: the broken setup)'}
# ----

app = Rails.application.config.middleware.build(ROUTES)
Rack::Handler::WEBrick.run(app, Host: '127.0.0.1', Port: Integer(ARGV[0]), AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
`;
}
